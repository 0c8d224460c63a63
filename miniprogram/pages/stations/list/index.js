const stations = require('../../../services/stations');
const { STATION_KIND, label } = require('../../../utils/labels');
const { formatDistance } = require('../../../utils/format');
const { listOf, loadInto, go, toast } = require('../../../utils/page');

/** wx.getLocation as a promise of {latitude, longitude} in GCJ-02 (what the API expects), or
 *  null when the person declines or location is off: the directory then lists as before. */
function locate() {
  return new Promise((resolve) => {
    wx.getLocation({
      type: 'gcj02',
      success: (res) => resolve({ latitude: res.latitude, longitude: res.longitude }),
      fail: () => resolve(null),
    });
  });
}

Component({
  data: { loading: true, error: '', stations: [], keyword: '', near: null, locating: false },
  methods: {
    onLoad() { return this.load(); },
    onKeyword(e) { this.setData({ keyword: e.detail.value }); },
    load() {
      // q matches the name, district or address on the server; an empty box lists everything.
      const q = this.data.keyword.trim();
      const query = q ? { q } : {};
      const { near } = this.data;
      if (near) query.near = `${near.latitude.toFixed(6)},${near.longitude.toFixed(6)}`;
      return loadInto(this, async () => ({
        stations: listOf(await stations.listStations(query)).map((s) => ({
          ...s,
          kindText: label(STATION_KIND, s.kind),
          // No distance when not sorting by it, or the station has no coordinates yet.
          distanceText: s.distance_m == null ? '' : formatDistance(s.distance_m),
        })),
      }));
    },
    /** 离我最近: asks for the location only when the person taps, never on opening the page. */
    async onNearby() {
      if (this.data.near) {
        this.setData({ near: null });
        return this.load();
      }
      this.setData({ locating: true });
      const near = await locate();
      this.setData({ locating: false, near });
      if (!near) toast('未获得位置，按区县列出服务站');
      return this.load();
    },
    onStation(e) { go(`/pages/stations/detail/index?id=${e.currentTarget.dataset.id}`); },
  },
});
