const stations = require('../../../services/stations');
const { STATION_KIND, label } = require('../../../utils/labels');
const { listOf, loadInto, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stations: [], keyword: '' },
  methods: {
    onLoad() { return this.load(); },
    onKeyword(e) { this.setData({ keyword: e.detail.value }); },
    load() {
      // q matches the name, district or address on the server; an empty box lists everything.
      const q = this.data.keyword.trim();
      return loadInto(this, async () => ({
        stations: listOf(await stations.listStations(q ? { q } : {})).map((s) => ({
          ...s, kindText: label(STATION_KIND, s.kind),
        })),
      }));
    },
    onStation(e) { go(`/pages/stations/detail/index?id=${e.currentTarget.dataset.id}`); },
  },
});
