// Admin home, shown only to station / association admins (checked against GET /api/v1/me).
const auth = require('../../../services/auth');
const stations = require('../../../services/stations');
const { formatHours } = require('../../../utils/format');
const { loadInto, go, toast, toastError } = require('../../../utils/page');
const { ApiError } = require('../../../services/request');

Component({
  data: { loading: true, error: '', stationId: null, figures: {}, monthHoursText: '', yearHoursText: '', isAssociationAdmin: false },
  methods: {
    onLoad(query = {}) {
      this.setData({ stationId: query.stationId ? Number(query.stationId) : null });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const me = await auth.getMe();
        const isAssociationAdmin = auth.isAssociationAdmin(me);
        if (!auth.isStationAdmin(me) && !isAssociationAdmin) throw new ApiError({ status: 403, code: 'forbidden', message: '仅服务站或协会管理员可进入' });
        const stationId = this.data.stationId || auth.adminStationId(me);
        const figures = stationId ? await stations.getStationFigures({ id: stationId }) : {};
        // An association admin without a station in hand lands on the association's tasks,
        // not on a station page with blank figures.
        wx.setNavigationBarTitle({ title: stationId ? '服务站管理' : '协会管理' });
        return {
          stationId, figures, isAssociationAdmin,
          monthHoursText: formatHours(figures.verified_minutes_this_month || 0),
          yearHoursText: formatHours(figures.verified_minutes_this_year || 0),
        };
      });
    },
    /** 设置位置: the admin picks the station on the map so residents nearby find it. */
    onSetLocation() {
      wx.chooseLocation({
        success: async ({ latitude, longitude }) => {
          try {
            await stations.setStationLocation({ id: this.data.stationId, latitude, longitude });
            toast('已保存服务站位置', 'success');
          } catch (err) {
            toastError(err);
          }
        },
        // Cancelling the map is not an error: nothing changes.
        fail: () => {},
      });
    },
    onGo(e) { go(`${e.currentTarget.dataset.url}?stationId=${this.data.stationId || ''}`); },
  },
});
