// One inspection. Station admins answer open or returned findings with text and photos;
// inspectors accept or return answers and close the inspection. Returned answers stay listed.
const inspections = require('../../../services/inspections');
const auth = require('../../../services/auth');
const { loadInto, toast, toastError } = require('../../../utils/page');

const FINDING = { ok: '合格', open: '待整改', answered: '待复核', returned: '已退回', accepted: '已通过' };
const DECISION = { pending: '待复核', accepted: '已通过', returned: '已退回' };

Component({
  data: { loading: true, error: '', id: null, inspection: null, findings: [], isStation: false, isInspector: false, drafts: {} },
  methods: {
    onLoad(query = {}) {
      this.setData({ id: Number(query.id) });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const [me, inspection] = [await auth.getMe(), await inspections.getInspection({ id: this.data.id })];
        const findings = inspection.findings.filter((f) => f.result === 'finding').map((f) => ({
          ...f,
          statusText: FINDING[f.status] || f.status,
          canAnswer: f.status === 'open' || f.status === 'returned',
          responses: f.responses.map((r) => ({ ...r, decisionText: DECISION[r.decision] || r.decision })),
        }));
        return {
          inspection,
          findings,
          isStation: auth.isStationAdmin(me),
          isInspector: auth.hasRole(me, 'inspector', 'association_admin', 'union_admin'),
        };
      });
    },
    onDraft(e) { this.setData({ [`drafts.${e.currentTarget.dataset.id}`]: e.detail.value }); },
    async onAnswer(e) {
      const id = Number(e.currentTarget.dataset.id);
      const text = (this.data.drafts[id] || '').trim();
      if (!text) { toast('请填写整改情况'); return; }
      try {
        await inspections.answerFinding({ id, text });
        this.setData({ [`drafts.${id}`]: '' });
        toast('已提交', 'success');
      } catch (err) { toastError(err); }
      return this.load();
    },
    onPhoto(e) {
      const findingId = Number(e.currentTarget.dataset.id);
      return new Promise((resolve) => {
        wx.chooseMedia({
          count: 1,
          mediaType: ['image'],
          sizeType: ['compressed'],
          success: async ({ tempFiles }) => {
            try {
              await inspections.addPhoto({ findingId, filePath: tempFiles[0].tempFilePath });
              toast('照片已上传', 'success');
            } catch (err) { toastError(err); }
            resolve(this.load());
          },
          fail: () => resolve(),
        });
      });
    },
    async onAccept(e) {
      try { await inspections.acceptAnswer({ id: Number(e.currentTarget.dataset.id) }); } catch (err) { toastError(err); }
      return this.load();
    },
    async onReturn(e) {
      const id = Number(e.currentTarget.dataset.id);
      const answer = await new Promise((resolve) => wx.showModal({ title: '退回原因', editable: true, placeholderText: '请说明需要补充的内容', success: resolve }));
      if (!answer.confirm || !(answer.content || '').trim()) return undefined;
      try { await inspections.returnAnswer({ id, reason: answer.content.trim() }); } catch (err) { toastError(err); }
      return this.load();
    },
    async onClose() {
      try {
        await inspections.closeInspection({ id: this.data.id });
        toast('已结案', 'success');
      } catch (err) { toastError(err); }
      return this.load();
    },
  },
});
