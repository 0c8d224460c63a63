const points = require('../../../services/points');
const { formatPoints, formatPointsDelta, formatDateTime } = require('../../../utils/format');
const { listOf, loadInto, toastError } = require('../../../utils/page');

const shape = (e) => ({ ...e, reason: e.reason || e.memo || '宝盾变动', amountText: formatPointsDelta(e.amount), timeText: formatDateTime(e.created_at) });

Component({
  data: { loading: true, error: '', balance: '—', entries: [], nextCursor: null },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const [wallet, page] = await Promise.all([points.getBalance(), points.listEntries()]);
        return { balance: formatPoints(wallet.balance), entries: listOf(page).map(shape), nextCursor: (page && page.next_cursor) || null };
      });
    },
    async loadMore() {
      try {
        const page = await points.listEntries({ cursor: this.data.nextCursor });
        this.setData({ entries: this.data.entries.concat(listOf(page).map(shape)), nextCursor: (page && page.next_cursor) || null });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
