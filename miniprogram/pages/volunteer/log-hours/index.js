const hours = require('../../../services/hours');
const { shanghaiIso, shanghaiToday } = require('../../../utils/format');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { date: '', today: '', start: '09:00', end: '11:00', description: '', submitting: false },
  methods: {
    onLoad() {
      const today = shanghaiToday();
      this.setData({ date: today, today });
    },
    onDate(e) { this.setData({ date: e.detail.value }); },
    onStart(e) { this.setData({ start: e.detail.value }); },
    onEnd(e) { this.setData({ end: e.detail.value }); },
    onDescription(e) { this.setData({ description: e.detail.value }); },
    async onSubmit() {
      const { date, start, end, description } = this.data;
      if (end <= start) { toast('结束时间需晚于开始时间'); return; }
      if (!description.trim()) { toast('请填写服务内容'); return; }
      this.setData({ submitting: true });
      try {
        await hours.logHours({ started_at: shanghaiIso(date, start), ended_at: shanghaiIso(date, end), description: description.trim() });
        toast('已提交，等待服务站核验', 'success');
        wx.redirectTo({ url: '/pages/volunteer/hours/index' });
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
