// Settlement runs (app/settlements): an association admin starts a kind for their association,
// a union admin also platform-wide; the page follows status, progress, totals, failures and
// the reconciliation's alerts. The same kind and scope started again is the same run.
const settlements = require('../../../services/settlements');
const auth = require('../../../services/auth');
const { formatDate, formatDateTime, formatPoints, formatYuan, shanghaiToday } = require('../../../utils/format');
const { SETTLEMENT_KIND, label } = require('../../../utils/labels');
const { listOf, loadInto, toastError, confirm, prompt } = require('../../../utils/page');

const RUN_STATUS = { pending: '等待开始', materialising: '读取数据中', running: '结算中', done: '已完成', failed: '失败' };
const FINISHED = ['done', 'failed'];
// What each kind's scope needs: a day keys the daily kinds (one run per day), the others an id.
const ASKS = { campaign_close: { field: 'campaign_id', title: '问答活动编号' }, survey_subsidy: { field: 'survey_id', title: '问卷编号' } };

// The scope as people say it: a day, a campaign, a survey (not "date=2026-11-21").
const SCOPE_TEXT = {
  date: (v) => formatDate(`${v}T12:00:00+08:00`) || v,
  campaign_id: (v) => `问答活动 #${v}`,
  survey_id: (v) => `问卷 #${v}`,
  station_id: (v) => `服务站 #${v}`,
};
// Amounts are 宝盾 for the points kinds and fen for the subsidy; the reconciliation moves none.
function amountText(kind, amount) {
  if (kind === 'survey_subsidy') return formatYuan(amount || 0);
  if (kind === 'reconcile') return '';
  return `${formatPoints(amount || 0)} 宝盾`;
}

function shape(run) {
  const progress = run.progress || {};
  const totals = run.totals || {};
  const scope = Object.keys(run.scope || {}).filter((k) => k !== 'association_id')
    .map((k) => (SCOPE_TEXT[k] ? SCOPE_TEXT[k](run.scope[k]) : `${k} ${run.scope[k]}`)).join('，');
  const amount = amountText(run.kind, totals.amount);
  return {
    id: run.id,
    status: run.status,
    kindText: label(SETTLEMENT_KIND, run.kind),
    statusText: RUN_STATUS[run.status] || run.status,
    scopeText: scope,
    createdText: formatDateTime(run.created_at),
    finishedText: run.finished_at ? formatDateTime(run.finished_at) : '',
    totalsText: `共 ${totals.items || 0} 项${amount ? `，合计 ${amount}` : ''}`,
    progressText: `批次 ${progress.chunks_done || 0} / ${progress.chunks_total || 0}${progress.percent === null || progress.percent === undefined ? '' : `（${progress.percent}%）`}${progress.chunks_failed ? `，失败 ${progress.chunks_failed}` : ''}`,
    failures: (run.failures || []).map((f) => `第 ${f.chunk_no} 批（尝试 ${f.attempts} 次）：${f.error || '未知错误'}`),
    alerts: (run.alerts || []).map((a) => `${a.check}：${a.message}`),
    error: run.error || '',
    finished: FINISHED.includes(run.status),
  };
}

Component({
  data: { loading: true, error: '', kinds: settlements.KINDS.map((value) => ({ value, label: label(SETTLEMENT_KIND, value) })), run: null, runs: [], starting: false },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const me = await auth.getMe();
        const role = (me.roles || []).find((r) => r && r.role === 'association_admin');
        this.associationId = role ? role.association_id : null;
        return { runs: listOf(await settlements.listSettlements()).map(shape) };
      });
    },
    async scopeFor(kind) {
      const ask = ASKS[kind];
      if (ask) {
        const value = await prompt({ title: `请输入${ask.title}`, placeholder: ask.title });
        if (!value) return null;
        return { [ask.field]: Number(value) };
      }
      // The daily kinds: reconcile checks yesterday (the server's default); the others today.
      return kind === 'reconcile' ? {} : { date: shanghaiToday() };
    },
    async onStart(e) {
      const { kind } = e.currentTarget.dataset;
      if (this.data.starting) return;
      const scope = await this.scopeFor(kind);
      if (!scope) return;
      if (!(await confirm({ title: '发起结算', content: `确定发起「${label(SETTLEMENT_KIND, kind)}」吗？重复发起不会重复入账。` }))) return;
      this.setData({ starting: true });
      try {
        const run = shape(await settlements.startSettlement({ kind, associationId: this.associationId, scope }));
        this.setData({ run, runs: [run, ...this.data.runs.filter((r) => r.id !== run.id)] });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ starting: false });
      }
    },
    async onOpen(e) {
      await this.refresh(e.currentTarget.dataset.id);
    },
    async onRefresh() {
      if (this.data.run) await this.refresh(this.data.run.id);
    },
    async refresh(id) {
      try {
        const run = shape(await settlements.getSettlement({ id }));
        this.setData({ run, runs: this.data.runs.map((r) => (r.id === run.id ? run : r)) });
      } catch (err) {
        toastError(err);
      }
    },
  },
});
