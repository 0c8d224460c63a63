const resultStore = require('../result-store');
const { formatPointsDelta } = require('../../../utils/format');

// Why a graded attempt earned nothing (AttemptResultSchema.no_points_reason).
const NO_POINTS = {
  deadline_passed: '超过答题时限，本次不计宝盾',
  campaign_closed: '活动已结束，本次不计宝盾',
  daily_cap_reached: '今日宝盾奖励已达上限',
};

Component({
  data: { loading: true, error: '', result: null, items: [], pointsAwarded: '', noPointsText: '' },
  methods: {
    onLoad(query) {
      const result = resultStore.take(query.attemptId);
      if (!result) {
        this.setData({ loading: false, error: '答题结果已过期，请在“我的宝盾”查看奖励' });
        return;
      }
      // The graded attempt: questions[] each with your_answer, answer (the right keys), correct.
      const items = (result.questions || []).map((q) => ({
        ...q,
        yours: (q.your_answer || []).join('、') || '未作答',
        right: (q.answer || []).join('、'),
      }));
      this.setData({ loading: false, result, items, pointsAwarded: formatPointsDelta(result.points_awarded || 0), noPointsText: NO_POINTS[result.no_points_reason] || '' });
    },
    onHome() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
    onPoints() {
      wx.navigateTo({ url: '/pages/points/index/index' });
    },
  },
});
