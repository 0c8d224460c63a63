const resultStore = require('../result-store');
const quizzes = require('../../../services/quizzes');
const { loadInto } = require('../../../utils/page');
const { formatPointsDelta } = require('../../../utils/format');

// Why a graded attempt earned nothing (AttemptResultSchema.no_points_reason).
const NO_POINTS = {
  deadline_passed: '超过答题时限，本次不计宝盾',
  campaign_closed: '活动已结束，本次不计宝盾',
  daily_cap_reached: '今日宝盾奖励已达上限',
};

// A true/false question's keys are T and F; people read 正确 and 错误.
const TRUE_FALSE = { T: '正确', F: '错误' };

/** The chosen keys as people read them: "A. 拨打110核实" for options, 正确/错误 for true/false. */
function answerText(question, keys) {
  const texts = Object.fromEntries((question.options || []).map((o) => [o.key, o.text]));
  return (keys || []).map((key) => {
    if (question.kind === 'true_false') return TRUE_FALSE[key] || texts[key] || key;
    return texts[key] ? `${key}. ${texts[key]}` : key;
  }).join('；');
}

Component({
  data: { loading: true, error: '', attemptId: null, result: null, items: [], pointsAwarded: '', noPointsText: '' },
  methods: {
    onLoad(query) {
      this.setData({ attemptId: query.attemptId });
      return this.load();
    },
    load() {
      const { attemptId } = this.data;
      return loadInto(this, async () => {
        const result = resultStore.take(attemptId) || await quizzes.getAttempt({ attemptId });
        // The graded attempt: questions[] each with your_answer, answer (the right keys), correct.
        const items = (result.questions || []).map((q) => ({
          ...q,
          yours: answerText(q, q.your_answer) || '未作答',
          right: answerText(q, q.answer),
        }));
        return { result, items, pointsAwarded: formatPointsDelta(result.points_awarded || 0), noPointsText: NO_POINTS[result.no_points_reason] || '' };
      });
    },
    onHome() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
    onPoints() {
      wx.navigateTo({ url: '/pages/points/index/index' });
    },
  },
});
