const gifts = require('../../../services/gifts');
const { stationNames } = require('../../../services/stations');
const { newIdempotencyKey } = require('../../../services/request');
const { formatPoints } = require('../../../utils/format');
const { loadInto, toast, toastError, confirm } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', id: null, gift: {}, stations: [], pickupStationId: null, priceText: '', redeeming: false },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const gift = await gifts.getGift({ id: this.data.id });
        const ids = gift.pickup_station_ids || [];
        const names = await stationNames(ids);
        const stations = ids.map((id) => ({ id, name: names[id] }));
        return { gift, stations, pickupStationId: stations.length ? stations[0].id : null, priceText: `${formatPoints(gift.price_points)} 宝盾` };
      });
    },
    onPickStation(e) {
      this.setData({ pickupStationId: e.currentTarget.dataset.id });
    },
    async onRedeem() {
      if (this.data.redeeming) return;
      if (!this.data.pickupStationId) { toast('请选择领取服务站'); return; }
      const ok = await confirm({ title: '确认兑换', content: `将使用 ${this.data.priceText} 兑换「${this.data.gift.name}」` });
      if (!ok) return;
      // One key per tap: a retry of this request cannot redeem twice, a new tap is a new redemption.
      const idempotencyKey = newIdempotencyKey();
      this.setData({ redeeming: true });
      try {
        const redemption = await gifts.redeem({ giftId: this.data.id, quantity: 1, pickupStationId: this.data.pickupStationId, idempotencyKey });
        toast('兑换成功', 'success');
        wx.redirectTo({ url: `/pages/gifts/redemptions/index?highlight=${redemption.id}` });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ redeeming: false });
      }
    },
  },
});
