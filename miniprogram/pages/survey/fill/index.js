// The satisfaction survey opened from a collection link (its scene attributes the response).
// One attempt has one client_id, kept in storage with the answers: progress is saved to the
// server as the person answers (PUT …/drafts/{client_id}) and on the phone, so a dropped
// connection or a closed mini-program loses nothing, and a submit re-sent after a timeout is the
// same response on the server, never a second one.
const surveys = require('../../../services/surveys');
const storage = require('../../../utils/storage');
const { formatRange } = require('../../../utils/format');
const { loadInto, toast, toastError } = require('../../../utils/page');
const { newIdempotencyKey } = require('../../../services/request');
const { viewOf, answerWith, cleanAnswers, missingRequired, flagTexts } = require('../../../utils/survey');

const attemptKey = (id) => `survey_attempt_${id}`;

function resultOf(response, survey) {
  const valid = response.is_valid !== false;
  return {
    id: response.id,
    valid,
    title: valid ? '提交成功，感谢参与' : '已提交，本份问卷未计入有效样本',
    reasons: valid ? [] : flagTexts(response, survey),
    pointsText: response.points_awarded > 0 ? `获得宝盾 +${response.points_awarded}` : '',
    replayed: !!response.replayed,
  };
}

Component({
  data: {
    loading: true, error: '', id: null, scene: '', survey: {}, windowText: '', questions: [],
    saveText: '', submitting: false, result: null,
  },
  methods: {
    onLoad(query = {}) {
      this.setData({ id: query.id, scene: query.scene ? decodeURIComponent(query.scene) : '' });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const survey = await surveys.getSurvey({ id: this.data.id });
        this.survey = survey;
        this.attempt = await this.resume();
        const scene = this.data.scene || this.attempt.scene || '';
        this.attempt.scene = scene;
        this.persist();
        const result = this.attempt.submitted ? await this.fetchResult() : null;
        return {
          scene,
          survey: { title: survey.title, points: survey.points },
          windowText: formatRange(survey.collection_starts_at, survey.collection_ends_at),
          questions: viewOf(this.questionList(), this.attempt.answers),
          result,
        };
      });
    },
    questionList() {
      return (this.survey && this.survey.questionnaire && this.survey.questionnaire.questions) || [];
    },
    /** This survey's attempt on this phone, brought up to date from the server's draft. */
    async resume() {
      const local = storage.get(attemptKey(this.data.id));
      if (!local || !local.clientId) {
        return { clientId: newIdempotencyKey(), startedAt: new Date().toISOString(), answers: {}, synced: true, submitted: false };
      }
      try {
        const draft = await surveys.getDraft({ surveyId: this.data.id, clientId: local.clientId });
        // Answers made here but not yet saved (offline) are newer than the server's copy.
        const answers = local.synced ? (draft.answers || {}) : local.answers;
        return { ...local, answers, startedAt: draft.started_at || local.startedAt, submitted: local.submitted || !!draft.submitted_response_id };
      } catch (err) {
        return local; // nothing saved on the server yet, or offline: the phone's copy stands
      }
    },
    persist() {
      storage.set(attemptKey(this.data.id), this.attempt);
    },
    /** The response of an attempt already submitted: the server answers a re-send with it. */
    async fetchResult() {
      const response = await surveys.submitResponse(this.submission());
      return resultOf(response, this.survey);
    },
    submission() {
      return {
        surveyId: this.data.id, linkScene: this.attempt.scene, clientId: this.attempt.clientId,
        startedAt: this.attempt.startedAt, answers: cleanAnswers(this.questionList(), this.attempt.answers),
      };
    },
    change(qid, input, { save = true } = {}) {
      if (this.data.result) return;
      const question = this.questionList().find((q) => q.id === qid);
      if (!question) return;
      this.attempt.answers = answerWith(question, this.attempt.answers, input);
      this.attempt.synced = false;
      this.persist();
      const missingIds = this.data.questions.filter((q) => q.missing).map((q) => q.id);
      this.setData({ questions: viewOf(this.questionList(), this.attempt.answers, missingIds) });
      if (save) this.saveDraft();
    },
    onChoose(e) {
      const { qid, value } = e.currentTarget.dataset;
      this.change(qid, { value });
    },
    onMatrix(e) {
      const { qid, row, value } = e.currentTarget.dataset;
      this.change(qid, { row, value });
    },
    onText(e) {
      this.change(e.currentTarget.dataset.qid, { text: e.detail.value }, { save: false });
    },
    onTextDone() {
      this.saveDraft();
    },
    /** Save the answers so far; saves never overlap, and the last change is always saved. */
    saveDraft() {
      if (this.saving) {
        this.saveAgain = true;
        return this.saving;
      }
      this.saving = (async () => {
        try {
          do {
            this.saveAgain = false;
            const { surveyId, linkScene, clientId, startedAt, answers } = this.submission();
            // eslint-disable-next-line no-await-in-loop
            await surveys.saveDraft({ surveyId, linkScene, clientId, startedAt, answers });
          } while (this.saveAgain);
          this.attempt.synced = true;
          this.persist();
          this.setData({ saveText: '已自动保存' });
        } catch (err) {
          this.setData({ saveText: err.code === 'already_submitted' ? '' : '网络不佳，答案已保存在本机' });
        } finally {
          this.saving = null;
        }
      })();
      return this.saving;
    },
    async onSubmit() {
      if (this.data.submitting || this.data.result) return;
      const missing = missingRequired(this.questionList(), this.attempt.answers);
      if (missing.length) {
        this.setData({ questions: viewOf(this.questionList(), this.attempt.answers, missing.map((q) => q.id)) });
        toast(`还有 ${missing.length} 道必答题未作答`);
        return;
      }
      if (!this.attempt.scene) {
        toast('请扫描问卷二维码进入后提交');
        return;
      }
      this.setData({ submitting: true });
      try {
        if (this.saving) await this.saving;
        const response = await surveys.submitResponse(this.submission());
        this.attempt.submitted = true;
        this.persist();
        this.setData({ result: resultOf(response, this.survey) });
      } catch (err) {
        toastError(err); // tapping again re-sends the same client_id: never a second response
      } finally {
        this.setData({ submitting: false });
      }
    },
    onHome() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
  },
});
