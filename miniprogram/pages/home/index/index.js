const quizzes = require('../../../services/quizzes');
const stations = require('../../../services/stations');
const storage = require('../../../utils/storage');
const { PRIVACY_VERSION } = require('../../../config/privacy');
const { formatRange, formatDistance } = require('../../../utils/format');
const { listOf, loadInto, go } = require('../../../utils/page');

function location() {
  return new Promise((resolve) => {
    wx.getLocation({ type: 'gcj02', success: resolve, fail: () => resolve(null) });
  });
}

Component({
  data: {
    loading: true,
    error: '',
    campaigns: [],
    stations: [],
    stationsError: '',
    privacyAccepted: true,
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
        loadInto(this, async () => ({
          campaigns: listOf(await quizzes.listCampaigns()).map((c) => ({ ...c, window: formatRange(c.starts_at, c.ends_at) })),
        })),
        this.loadStations(),
      ]);
    },
    async loadStations() {
      try {
        const here = await location();
        // per_page is the API's page size; lat/lng are for a nearest-first order the API may add (ignored today).
        const query = here ? { lat: here.latitude, lng: here.longitude, per_page: 5 } : { per_page: 5 };
        const items = listOf(await stations.listStations(query));
        this.setData({ stations: items.map((s) => ({ ...s, distance: formatDistance(s.distance_m) })), stationsError: '' });
      } catch (err) {
        this.setData({ stationsError: err.message });
      }
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
