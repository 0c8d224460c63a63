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
          yours: (q.your_answer || []).join('、') || '未作答',
          right: (q.answer || []).join('、'),
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
