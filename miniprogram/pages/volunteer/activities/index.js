// Activities: sign up, and check in / out on site by scanning the activity's code with
// wx.scanCode. Opened from an activity entrance (activityId & checkin=1 & scene) it focuses that
// one, and checking in to it uses the scene just scanned instead of asking for another scan.
const activities = require('../../../services/activities');
const { formatRange } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto, toast, toastError, scan, sceneOf, decodeParam, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', activities: [], focusId: null, focusScene: '' },
  methods: {
    onLoad(query = {}) {
      this.setData({
        focusId: query.activityId ? Number(query.activityId) : null,
        focusScene: query.scene ? decodeParam(query.scene) : '',
      });
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
    /** The scene of the activity's code: scanned now (null if the person cancelled). */
    async scanScene() {
      const scanned = await scan();
      return scanned === null ? null : sceneOf(scanned);
    },
    async onCheckIn(e) {
      const { id } = e.currentTarget.dataset;
      const fromEntrance = Number(id) === this.data.focusId && this.data.focusScene;
      const scene = fromEntrance ? this.data.focusScene : await this.scanScene();
      if (scene === null) return;
      await this.act(() => activities.checkIn({ id, scene }), '签到成功');
    },
    async onCheckOut(e) {
      const { id } = e.currentTarget.dataset;
      const scene = await this.scanScene();
      if (scene === null) return;
      await this.act(() => activities.checkOut({ id, scene }), '签退成功');
    },
    onHighlight(e) { go(`/pages/volunteer/highlights/index?activityId=${e.currentTarget.dataset.id}`); },
    onLogHours() { go('/pages/volunteer/log-hours/index'); },
    onMyHours() { go('/pages/volunteer/hours/index'); },
  },
});
