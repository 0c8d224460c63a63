// 本站码: the station's entrance code full-screen for people to scan at the counter or a street
// stall. The PNG is fetched with the admin's token (the API serves codes to admins only).
const { download } = require('../../../services/request');
const stations = require('../../../services/stations');
const { loadForStation, loadInto } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stationId: null, code: '', name: '' },
  methods: {
    async onLoad(query = {}) {
      const shown = await loadForStation(this, query);
      if (this.data.stationId && wx.setKeepScreenOn) wx.setKeepScreenOn({ keepScreenOn: true });
      return shown;
    },
    load() {
      const id = this.data.stationId;
      return loadInto(this, async () => {
        const [station, code] = await Promise.all([
          stations.getStation({ id }),
          download({ method: 'GET', path: '/api/v1/stations/{id}/qrcode', params: { id } }),
        ]);
        return { name: station.name, code };
      });
    },
    onPreview() { wx.previewImage({ urls: [this.data.code] }); },
  },
});
