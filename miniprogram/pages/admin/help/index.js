// 求助案件 for a station's handlers: the queue by status, then one case with the reporter's
// identity (handlers only), accept, refer (公安/网信/其他), close with an outcome, and the log.
const help = require('../../../services/help');
const { formatDateTime } = require('../../../utils/format');
const { loadForStation, listOf, loadInto, toast, toastError, prompt } = require('../../../utils/page');
const { CATEGORY_TEXT, HELP_STATUS, REFER_TEXT, stepText } = require('../../../utils/help-labels');

const TABS = [
  { value: 'submitted', label: '待受理' }, { value: 'accepted', label: '处理中' },
  { value: 'referred', label: '已转交' }, { value: 'closed', label: '已办结' },
];

Component({
  data: { loading: true, error: '', stationId: null, tabs: TABS, status: 'submitted', items: [], case: null, photo: '', referTo: help.REFER_TO, busy: false },
  methods: {
    onLoad(query = {}) {
      this.setData({ caseId: query.id ? Number(query.id) : null });
      return loadForStation(this, query);
    },
    load() {
      if (this.data.caseId) return this.loadCase(this.data.caseId);
      return loadInto(this, async () => ({
        case: null,
        items: listOf(await help.listStationHelpRequests({ stationId: this.data.stationId, status: this.data.status })).map((r) => ({
          ...r, categoryText: CATEGORY_TEXT[r.category] || r.category, createdText: formatDateTime(r.created_at),
          who: (r.reporter && r.reporter.nickname) || '匿名居民',
        })),
      }));
    },
    loadCase(id) {
      return loadInto(this, async () => {
        const r = await help.getHelpRequest({ id });
        const photo = r.has_evidence_image ? await help.helpPhoto({ id }).catch(() => '') : '';
        return {
          photo,
          case: {
            ...r,
            categoryText: CATEGORY_TEXT[r.category] || r.category,
            statusText: HELP_STATUS[r.status] || r.status,
            reporterText: r.reporter ? `${r.reporter.nickname || '居民'}${r.reporter.contact_phone ? ` · ${r.reporter.contact_phone}` : ''}` : '举报人已注销',
            steps: (r.history || []).map((h, i) => ({ key: i, text: stepText(h, r), note: h.note || '', at: formatDateTime(h.created_at) })),
            canAccept: r.status === 'submitted',
            canRefer: r.status === 'accepted',
            canClose: r.status === 'accepted' || r.status === 'referred',
          },
        };
      });
    },
    onTab(e) { this.setData({ status: e.currentTarget.dataset.value }); return this.load(); },
    onOpen(e) { this.setData({ caseId: e.currentTarget.dataset.id }); return this.loadCase(e.currentTarget.dataset.id); },
    onBackToQueue() { this.setData({ caseId: null }); return this.load(); },
    async act(work, done) {
      this.setData({ busy: true });
      try {
        await work();
        toast(done, 'success');
        await this.loadCase(this.data.caseId);
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ busy: false });
      }
    },
    onAccept() { return this.act(() => help.acceptHelpRequest({ id: this.data.caseId }), '已受理'); },
    async onRefer(e) {
      const to = e.currentTarget.dataset.value;
      const note = await prompt({ title: `转交${REFER_TEXT[to]}`, placeholder: '转交说明（选填，举报人不可见）' });
      if (note === null) return null;
      return this.act(() => help.referHelpRequest({ id: this.data.caseId, to, note }), '已转交');
    },
    async onClose() {
      const outcome = await prompt({ title: '办结', placeholder: '处理结果，举报人可见' });
      if (outcome === null) return null;
      if (!outcome) { toast('请填写处理结果'); return null; }
      return this.act(() => help.closeHelpRequest({ id: this.data.caseId, outcome }), '已办结');
    },
  },
});
