const gifts = require('../../../services/gifts');
const { toast, toastError, scan } = require('../../../utils/page');

Component({
  data: { stationId: null, pickupCode: '', submitting: false, last: '' },
  methods: {
    onLoad(query = {}) { this.setData({ stationId: Number(query.stationId) }); },
    onCode(e) { this.setData({ pickupCode: e.detail.value }); },
    async onScan() {
      const code = await scan();
      if (code === null) return;
      this.setData({ pickupCode: code.trim() });
      await this.onFulfil();
    },
    async onFulfil() {
      const pickupCode = this.data.pickupCode.trim().toUpperCase();
      if (!pickupCode) { toast('请输入取件码'); return; }
      this.setData({ submitting: true });
      try {
        const r = await gifts.fulfilRedemption({ stationId: this.data.stationId, pickupCode });
        this.setData({ last: `${r.gift_name || ''} × ${r.quantity || 1}`, pickupCode: '' });
        toast('发放成功', 'success');
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
