// Answer a quiz attempt. The server draws the questions and never sends answers before the
// submit; the timer runs to the server's deadline and submits what is answered when it ends.
const quizzes = require('../../../services/quizzes');
const { parseIso, formatCountdown } = require('../../../utils/format');
const { QUESTION_KIND, label } = require('../../../utils/labels');
const { loadInto, toastError, confirm } = require('../../../utils/page');
const resultStore = require('../result-store');

Component({
  data: {
    loading: true, error: '', campaignId: null, attemptId: null, deadline: null,
    questions: [], answers: {}, qIndex: 0, current: null, secondsLeft: 0, countdown: '00:00', submitting: false,
  },
  lifetimes: {
    detached() {
      this.stopTimer();
    },
  },
  methods: {
    onLoad(query) {
      this.setData({ campaignId: query.campaignId });
      return this.start();
    },
    onUnload() {
      this.stopTimer();
    },
    async start() {
      const ok = await loadInto(this, async () => {
        const attempt = await quizzes.startAttempt({ campaignId: this.data.campaignId });
        return { attemptId: attempt.attempt_id, deadline: attempt.deadline, questions: attempt.questions || [], answers: {}, qIndex: 0, ...this.view(attempt.questions || [], {}, 0) };
      });
      if (ok) this.startTimer(parseIso(this.data.deadline));
    },
    view(questions, answers, index) {
      const q = questions[index];
      if (!q) return { current: null };
      const chosen = answers[q.id] || [];
      return {
        current: { ...q, kindLabel: label(QUESTION_KIND, q.kind), options: (q.options || []).map((o) => ({ ...o, chosen: chosen.includes(o.key) })) },
      };
    },
    startTimer(deadlineMs) {
      this.stopTimer();
      const tick = () => {
        const secondsLeft = Math.max(0, Math.round((deadlineMs - Date.now()) / 1000));
        this.setData({ secondsLeft, countdown: formatCountdown(secondsLeft) });
        if (secondsLeft <= 0) {
          this.stopTimer();
          this.submit();
        }
      };
      tick();
      this.timer = setInterval(tick, 1000);
    },
    stopTimer() {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
    },
    onChoose(e) {
      const { key } = e.currentTarget.dataset;
      const { questions, qIndex: index } = this.data;
      const q = questions[index];
      const before = this.data.answers[q.id] || [];
      let after;
      if (q.kind === 'multiple') after = before.includes(key) ? before.filter((k) => k !== key) : [...before, key].sort();
      else after = [key];
      const answers = { ...this.data.answers, [q.id]: after };
      this.setData({ answers, ...this.view(questions, answers, index) });
    },
    go(index) {
      this.setData({ qIndex: index, ...this.view(this.data.questions, this.data.answers, index) });
    },
    onPrev() {
      this.go(this.data.qIndex - 1);
    },
    onNext() {
      this.go(this.data.qIndex + 1);
    },
    async onSubmit() {
      const unanswered = this.data.questions.filter((q) => !(this.data.answers[q.id] || []).length).length;
      if (unanswered && !(await confirm({ title: '确认交卷', content: `还有 ${unanswered} 题未作答，确定交卷吗？` }))) return;
      await this.submit();
    },
    async submit() {
      if (this.data.submitting || this.submitted) return;
      this.setData({ submitting: true });
      try {
        const result = await quizzes.submitAttempt({ attemptId: this.data.attemptId, answers: this.data.answers });
        this.submitted = true;
        this.stopTimer();
        resultStore.put(this.data.attemptId, result);
        wx.redirectTo({ url: `/pages/quiz/result/index?attemptId=${this.data.attemptId}` });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
