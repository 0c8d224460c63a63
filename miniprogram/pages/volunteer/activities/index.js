// Activities: sign up, and check in / out on site by scanning the activity's code with
// wx.scanCode. Opened from an activity entrance (activityId & checkin=1) it focuses that one.
const activities = require('../../../services/activities');
const { formatRange } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto, toast, toastError, scan, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', activities: [], focusId: null },
  methods: {
    onLoad(query = {}) {
      this.setData({ focusId: query.activityId ? Number(query.activityId) : null });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        let items = listOf(await activities.listActivities());
        if (this.data.focusId) items = items.filter((a) => a.id === this.data.focusId).concat(items.filter((a) => a.id !== this.data.focusId));
        return { activities: items.map((a) => ({ ...a, timeText: formatRange(a.starts_at, a.ends_at), statusText: a.my_status ? label(STATUS, a.my_status) : '未报名' })) };
      });
    },
    async act(task, done) {
      try {
        await task();
        toast(done, 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
    onSignUp(e) {
      const { id } = e.currentTarget.dataset;
      return this.act(() => activities.signUp({ id }), '报名成功');
    },
    async onCheckIn(e) {
      const { id } = e.currentTarget.dataset;
      const code = await scan();
      if (code === null) return;
      await this.act(() => activities.checkIn({ id, code }), '签到成功');
    },
    async onCheckOut(e) {
      const { id } = e.currentTarget.dataset;
      const code = await scan();
      if (code === null) return;
      await this.act(() => activities.checkOut({ id, code }), '签退成功');
    },
    onHighlight(e) { go(`/pages/volunteer/highlights/index?activityId=${e.currentTarget.dataset.id}`); },
    onLogHours() { go('/pages/volunteer/log-hours/index'); },
    onMyHours() { go('/pages/volunteer/hours/index'); },
  },
});
