const points = require('../../../services/points');
const { formatPoints, formatPointsDelta, formatDateTime } = require('../../../utils/format');
const { listOf, loadInto, toastError } = require('../../../utils/page');

const shape = (e) => ({ ...e, reason: e.reason || '宝盾变动', amountText: formatPointsDelta(e.amount), timeText: formatDateTime(e.created_at) });

// Entries come a page at a time: {items, page, per_page, total}.
const hasMore = (p) => !!p && p.page * p.per_page < p.total;

Component({
  data: { loading: true, error: '', balance: '—', entries: [], page: 1, hasMore: false },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const [wallet, page] = await Promise.all([points.getBalance(), points.listEntries({ page: 1 })]);
        return { balance: formatPoints(wallet.balance), entries: listOf(page).map(shape), page: 1, hasMore: hasMore(page) };
      });
    },
    async loadMore() {
      try {
        const next = this.data.page + 1;
        const page = await points.listEntries({ page: next });
        this.setData({ entries: this.data.entries.concat(listOf(page).map(shape)), page: next, hasMore: hasMore(page) });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
