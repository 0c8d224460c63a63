// 本站礼品: the gifts picked up here with their stock (a restock or write-off asks the amount and
// goes with one Idempotency-Key per tap), and the redemptions waiting for pickup.
const gifts = require('../../../services/gifts');
const { newIdempotencyKey } = require('../../../services/request');
const { formatDateTime } = require('../../../utils/format');
const { listOf, loadForStation, loadInto, prompt, toast, toastError } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', stationId: null, gifts: [], waiting: [] },
  methods: {
    onLoad(query = {}) { return loadForStation(this, query); },
    load() {
      const stationId = this.data.stationId;
      return loadInto(this, async () => {
        const [catalog, waiting] = await Promise.all([
          gifts.listGifts({ per_page: 100 }),
          gifts.listStationRedemptions({ stationId }),
        ]);
        return {
          gifts: listOf(catalog).filter((g) => (g.pickup_station_ids || []).includes(stationId)),
          waiting: listOf(waiting).map((r) => ({ ...r, createdText: formatDateTime(r.created_at), expiresText: formatDateTime(r.expires_at) })),
        };
      });
    },
    async onAdjust(e) {
      const { id } = e.currentTarget.dataset;
      const answer = await prompt({ title: '调整库存', placeholder: '补货填正数，报损填负数，如 10 或 -2' });
      if (answer === null) return;
      const delta = Number(answer);
      if (!Number.isInteger(delta) || delta === 0) { toast('请填写不为 0 的整数'); return; }
      try {
        await gifts.adjustStock({ giftId: id, delta, idempotencyKey: newIdempotencyKey() });
        toast('库存已调整', 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
    onFulfil() { wx.navigateTo({ url: `/pages/admin/fulfil/index?stationId=${this.data.stationId}` }); },
  },
});
