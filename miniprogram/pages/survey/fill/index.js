// The satisfaction survey opened from a collection link (its scene attributes the response).
const surveys = require('../../../services/surveys');
const { formatRange } = require('../../../utils/format');
const { loadInto, toast, toastError } = require('../../../utils/page');
const { newIdempotencyKey } = require('../../../services/request');

Component({
  data: { loading: true, error: '', id: null, scene: '', survey: {}, questions: [], answers: {}, windowText: '', startedAt: '', submitting: false },
  methods: {
    onLoad(query = {}) {
      this.setData({ id: query.id, scene: query.scene ? decodeURIComponent(query.scene) : '', startedAt: new Date().toISOString() });
      this.clientId = newIdempotencyKey();
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const survey = await surveys.getSurvey({ id: this.data.id });
        return { survey, questions: (survey.questions || []).map((q) => ({ ...q, chosen: '' })), windowText: formatRange(survey.collection_starts_at, survey.collection_ends_at) };
      });
    },
    onChoose(e) {
      const { qid, key } = e.currentTarget.dataset;
      const answers = { ...this.data.answers, [qid]: [key] };
      this.setData({ answers, questions: this.data.questions.map((q) => (q.id === qid ? { ...q, chosen: key } : q)) });
    },
    async onSubmit() {
      const missing = this.data.questions.filter((q) => !this.data.answers[q.id]).length;
      if (missing) { toast(`还有 ${missing} 题未作答`); return; }
      this.setData({ submitting: true });
      try {
        const response = await surveys.submitResponse({ surveyId: this.data.id, linkScene: this.data.scene, clientId: this.clientId, startedAt: this.data.startedAt, answers: this.data.answers });
        toast(response.is_valid === false ? '已提交（未计入有效样本）' : '提交成功，感谢参与', 'success');
        wx.switchTab({ url: '/pages/home/index/index' });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
