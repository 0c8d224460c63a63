const gifts = require('../../../services/gifts');
const points = require('../../../services/points');
const { formatPoints } = require('../../../utils/format');
const { listOf, loadInto, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', gifts: [], balance: '—' },
  methods: {
    onLoad() { return this.load(); },
    onShow() { if (!this.data.loading) this.load(); },
    load() {
      return loadInto(this, async () => {
        const [list, wallet] = await Promise.all([gifts.listGifts(), points.getBalance()]);
        return {
          balance: formatPoints(wallet.balance),
          gifts: listOf(list).map((g) => ({
            ...g,
            priceText: `${formatPoints(g.price_points)} 宝盾`,
            sponsorText: `${g.stock > 0 ? `库存 ${g.stock}` : '已兑完'}${g.sponsor ? ` · ${g.sponsor}支持` : ''}`,
          })),
        };
      });
    },
    onGift(e) { go(`/pages/gifts/detail/index?id=${e.currentTarget.dataset.id}`); },
    onRedemptions() { go('/pages/gifts/redemptions/index'); },
  },
});
