// 本站码: the station's entrance code full-screen for people to scan at the counter or a street
// stall. The PNG is fetched with the admin's token (the API serves codes to admins only).
const { download } = require('../../../services/request');
const stations = require('../../../services/stations');
const { adminStation, isRetryable, loadInto, messageOf } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stationId: null, code: '', name: '' },
  methods: {
    async onLoad(query = {}) {
      try {
        this.setData({ stationId: await adminStation(query) });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err), errorRetryable: isRetryable(err) });
        return false;
      }
      wx.setKeepScreenOn && wx.setKeepScreenOn({ keepScreenOn: true });
      return this.load();
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
