const settlements = require('../../../services/settlements');
const { formatDateTime } = require('../../../utils/format');
const { STATUS, SETTLEMENT_KIND, label } = require('../../../utils/labels');
const { toastError, confirm } = require('../../../utils/page');

const shape = (run) => ({
  ...run,
  kindText: label(SETTLEMENT_KIND, run.kind),
  statusText: label(STATUS, run.status),
  createdText: formatDateTime(run.created_at),
  totalsText: run.totals ? Object.keys(run.totals).map((k) => `${k}: ${run.totals[k]}`).join('，') : '',
});

Component({
  data: { kinds: settlements.KINDS.map((value) => ({ value, label: label(SETTLEMENT_KIND, value) })), run: null },
  methods: {
    onLoad() {},
    async onStart(e) {
      const { kind } = e.currentTarget.dataset;
      if (!(await confirm({ title: '发起结算', content: `确定发起「${label(SETTLEMENT_KIND, kind)}」吗？重复发起不会重复入账。` }))) return;
      try {
        this.setData({ run: shape(await settlements.startSettlement({ kind })) });
      } catch (err) {
        toastError(err);
      }
    },
    async onRefresh() {
      try {
        this.setData({ run: shape(await settlements.getSettlement({ id: this.data.run.id })) });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
