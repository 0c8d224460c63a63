// Where scanned codes and share links land. A mini-program code built with
// wxacode.getUnlimited passes its scene URL-encoded in query.scene; a share link passes it as
// query.s. The scene is resolved by GET /api/v1/entrances/{scene} and the page routes on.
const { resolveEntrance } = require('../../../services/entrances');
const { login } = require('../../../services/request');
const storage = require('../../../utils/storage');
const { messageOf } = require('../../../utils/page');

function sceneFrom(query = {}) {
  const raw = query.scene || query.s || '';
  if (!raw) return '';
  try {
    return decodeURIComponent(raw).trim();
  } catch (err) {
    return String(raw).trim();
  }
}

/** The page a resolved entrance opens. */
function routeFor(entrance, scene) {
  const id = encodeURIComponent(entrance.target_id);
  switch (entrance.kind) {
    case 'station': return `/pages/stations/detail/index?id=${id}&fromEntrance=1`;
    // The activity page checks in with the scene just scanned (the server needs it).
    case 'activity': return `/pages/volunteer/activities/index?activityId=${id}&checkin=1&scene=${encodeURIComponent(entrance.scene || scene)}`;
    // A survey link's target is the link; its survey comes in details.survey_id.
    case 'survey_link': return `/pages/survey/fill/index?id=${encodeURIComponent((entrance.details && entrance.details.survey_id) || entrance.target_id)}&scene=${encodeURIComponent(entrance.scene || scene)}`;
    case 'quiz_campaign': return `/pages/quiz/play/index?campaignId=${id}`;
    // A web console login ticket (扫码登录): the admin confirms on their phone.
    case 'console_login': return `/pages/console/confirm/index?scene=${encodeURIComponent(entrance.scene || scene)}`;
    default: return null;
  }
}

Component({
  data: { loading: true, error: '', scene: '' },
  methods: {
    onLoad(query) {
      const scene = sceneFrom(query);
      this.setData({ scene });
      return this.open();
    },
    retry() {
      return this.open();
    },
    async open() {
      const { scene } = this.data;
      if (!scene) {
        this.setData({ loading: false, error: '二维码内容无法识别' });
        return;
      }
      this.setData({ loading: true, error: '' });
      try {
        storage.setScene(scene);
        // The login carries the scene so the server can tie a new user to this entrance's station.
        await login({ scene }).catch(() => null);
        const entrance = await resolveEntrance({ scene });
        const url = routeFor(entrance, scene);
        if (!url) {
          this.setData({ loading: false, error: '暂不支持此类二维码，请升级微信后重试' });
          return;
        }
        wx.redirectTo({ url });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    goHome() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
  },
});
