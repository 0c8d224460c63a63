const activities = require('../../../services/activities');
const { shanghaiIso, shanghaiToday } = require('../../../utils/format');
const { toast, toastError } = require('../../../utils/page');

Component({
  data: { stationId: null, title: '', kind: '进社区', place: '', capacity: '20', date: '', start: '09:00', end: '11:00', submitting: false },
  methods: {
    onLoad(query = {}) { this.setData({ stationId: Number(query.stationId), date: shanghaiToday() }); },
    onField(e) { this.setData({ [e.currentTarget.dataset.field]: e.detail.value }); },
    onDate(e) { this.setData({ date: e.detail.value }); },
    onStart(e) { this.setData({ start: e.detail.value }); },
    onEnd(e) { this.setData({ end: e.detail.value }); },
    async onSubmit() {
      const { stationId, title, kind, place, capacity, date, start, end } = this.data;
      if (!title.trim() || !place.trim()) { toast('请填写标题和地点'); return; }
      if (end <= start) { toast('结束时间需晚于开始时间'); return; }
      this.setData({ submitting: true });
      try {
        await activities.createActivity({ stationId, title: title.trim(), kind, place: place.trim(), capacity: parseInt(capacity, 10) || 0, starts_at: shanghaiIso(date, start), ends_at: shanghaiIso(date, end) });
        toast('活动已发布', 'success');
        wx.navigateBack();
      } catch (err) {
        toastError(err);
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
