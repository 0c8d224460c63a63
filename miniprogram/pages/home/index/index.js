const quizzes = require('../../../services/quizzes');
const stations = require('../../../services/stations');
const points = require('../../../services/points');
const storage = require('../../../utils/storage');
const { PRIVACY_VERSION } = require('../../../config/privacy');
const { formatPoints, formatRange } = require('../../../utils/format');
const { listOf, loadInto, go } = require('../../../utils/page');

const STATIONS_SHOWN = 5;

Component({
  data: {
    loading: true,
    error: '',
    campaigns: [],
    stations: [],
    stationsTitle: '服务站',
    stationsError: '',
    privacyAccepted: true,
    // The campaign the banner points people to (a station's poster says "扫码答题"): the first open.
    featured: null,
    pointsText: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    onShow() {
      this.setData({ privacyAccepted: storage.getPrivacyVersion() === PRIVACY_VERSION });
    },
    async onPullDownRefresh() {
      await this.load();
      wx.stopPullDownRefresh();
    },
    load() {
      this.setData({ privacyAccepted: storage.getPrivacyVersion() === PRIVACY_VERSION });
      return Promise.all([
        loadInto(this, async () => {
          const campaigns = listOf(await quizzes.listCampaigns()).map((c) => ({ ...c, window: formatRange(c.starts_at, c.ends_at) }));
          return { campaigns, featured: campaigns[0] || null };
        }),
        this.loadStations(),
        this.loadPoints(),
      ]);
    },
    // Home never asks for the location (the directory's 离我最近 does, on a tap): a person who came
    // in through a station's code sees the stations of that station's district, anyone else the
    // directory's first stations.
    async loadStations() {
      try {
        const district = await this.homeDistrict();
        let items = district ? listOf(await stations.listStations({ district, per_page: STATIONS_SHOWN })) : [];
        const inDistrict = items.length > 0;
        if (!inDistrict) items = listOf(await stations.listStations({ per_page: STATIONS_SHOWN }));
        this.setData({ stations: items, stationsTitle: inDistrict ? `${district}的服务站` : '服务站', stationsError: '' });
      } catch (err) {
        this.setData({ stationsError: err.message });
      }
    },
    // The balance is a nicety on the home page: if it cannot be read, the card just says 查看.
    async loadPoints() {
      try {
        const balance = await points.getBalance();
        this.setData({ pointsText: formatPoints(balance.balance || 0) });
      } catch (err) {
        this.setData({ pointsText: '' });
      }
    },
    async homeDistrict() {
      const user = storage.getUser();
      const id = user && user.first_station_id;
      if (!id) return '';
      const station = await stations.getStation({ id }).catch(() => null);
      return (station && station.district) || '';
    },
    onFeatured() {
      go(`/pages/quiz/play/index?campaignId=${this.data.featured.id}`);
    },
    onCampaign(e) {
      go(`/pages/quiz/play/index?campaignId=${e.currentTarget.dataset.id}`);
    },
    onStation(e) {
      go(`/pages/stations/detail/index?id=${e.currentTarget.dataset.id}`);
    },
    onStations() {
      wx.switchTab({ url: '/pages/stations/list/index' });
    },
    onPoints() {
      go('/pages/points/index/index');
    },
    onHelp() {
      go('/pages/help/report/index');
    },
    onVolunteer() {
      go('/pages/volunteer/activities/index');
    },
    onPrivacy() {
      go('/pages/me/privacy/index');
    },
  },
});
