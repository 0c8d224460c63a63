const stations = require('../../../services/stations');
const { formatDistance } = require('../../../utils/format');
const { STATION_KIND, label } = require('../../../utils/labels');
const { listOf, loadInto, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stations: [], keyword: '' },
  methods: {
    onLoad() { return this.load(); },
    onKeyword(e) { this.setData({ keyword: e.detail.value }); },
    load() {
      return loadInto(this, async () => ({
        stations: listOf(await stations.listStations({ q: this.data.keyword.trim() })).map((s) => ({
          ...s, kindText: label(STATION_KIND, s.kind), distance: formatDistance(s.distance_m),
        })),
      }));
    },
    onStation(e) { go(`/pages/stations/detail/index?id=${e.currentTarget.dataset.id}`); },
  },
});
