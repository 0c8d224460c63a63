// The pickup code is shown as a QR code (TDesign's t-qrcode, drawn on canvas) and in large
// type, so a station admin can scan it or type it.
const gifts = require('../../../services/gifts');
const { stationNames } = require('../../../services/stations');
const { formatDateTime } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto, toast, toastError, confirm } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', items: [] },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const items = listOf(await gifts.listMyRedemptions());
        const names = await stationNames(items.map((r) => r.pickup_station_id));
        return {
          items: items.map((r) => ({
            ...r,
            stationName: names[r.pickup_station_id] || '',
            waiting: r.status === 'pending_pickup',
            statusText: label(STATUS, r.status),
            createdText: formatDateTime(r.created_at),
            expiresText: formatDateTime(r.expires_at),
          })),
        };
      });
    },
    async onCancel(e) {
      const { id } = e.currentTarget.dataset;
      if (!(await confirm({ title: '取消兑换', content: '取消后宝盾将退回账户，确定取消吗？' }))) return;
      try {
        await gifts.cancelRedemption({ id });
        toast('已取消，宝盾已退回', 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
  },
});
