const resultStore = require('../result-store');
const { formatPointsDelta } = require('../../../utils/format');

Component({
  data: { loading: true, error: '', result: null, items: [], pointsAwarded: '' },
  methods: {
    onLoad(query) {
      const result = resultStore.take(query.attemptId);
      if (!result) {
        this.setData({ loading: false, error: '答题结果已过期，请在“我的宝盾”查看奖励' });
        return;
      }
      const items = (result.results || []).map((r) => ({
        ...r,
        yours: (r.your_answer || []).join('、') || '未作答',
        right: (r.correct_answer || []).join('、'),
      }));
      this.setData({ loading: false, result, items, pointsAwarded: formatPointsDelta(result.points_awarded || 0) });
    },
    onHome() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
    onPoints() {
      wx.navigateTo({ url: '/pages/points/index/index' });
    },
  },
});
