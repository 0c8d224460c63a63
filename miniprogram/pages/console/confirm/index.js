// The confirm page of the web console's scan-to-login (扫码登录). The entry page routes a
// console_login scene here. A login code shown by someone else's screen is the classic way to
// steal such a login, so the page says which account and role will be logged in, and when, from
// which browser and which network address the code was asked for, before the admin confirms.
const { resolveEntrance } = require('../../../services/entrances');
const { getMe } = require('../../../services/auth');
const { confirmConsoleLogin } = require('../../../services/console');
const { messageOf } = require('../../../services/request');
const { formatDateTime } = require('../../../utils/format');
const { roleLabel, describeBrowser } = require('../../../utils/console');

const STATUS_NOTES = {
  expired: '登录码已过期，请在电脑上刷新登录码后重新扫码。',
  used: '这个登录码已经用过了。',
  confirmed: '这个登录码已经确认过了。',
};

Component({
  data: {
    loading: true, error: '', scene: '',
    account: '', role: '', requestedAt: '', browser: '', address: '',
    note: '', refusal: '', final: false, done: false, submitting: false,
  },
  methods: {
    onLoad(query = {}) {
      this.setData({ scene: decodeURIComponent(query.scene || '') });
      return this.load();
    },
    retry() { return this.load(); },
    async load() {
      const { scene } = this.data;
      if (!scene) { this.setData({ loading: false, error: '二维码内容无法识别' }); return; }
      this.setData({ loading: true, error: '' });
      try {
        const [me, entrance] = await Promise.all([getMe(), resolveEntrance({ scene })]);
        const details = entrance.details || {};
        this.setData({
          loading: false,
          account: me.nickname || `用户 ${me.id}`,
          role: roleLabel(me),
          requestedAt: formatDateTime(details.requested_at),
          browser: describeBrowser(details.user_agent),
          address: details.ip || '未知',
          note: STATUS_NOTES[details.status] || '',
        });
      } catch (err) {
        this.setData({ loading: false, error: messageOf(err) });
      }
    },
    async onConfirm() {
      if (this.data.submitting || this.data.done) return;
      this.setData({ submitting: true, refusal: '' });
      try {
        await confirmConsoleLogin({ scene: this.data.scene });
        this.setData({ done: true });
      } catch (err) {
        // The server says why in Chinese: not an admin, expired, already used, too many sessions.
        // A refusal for good (not an admin, expired, used, too many sessions) leaves nothing to
        // retry; a lost connection keeps the button.
        this.setData({ refusal: messageOf(err), final: [403, 409, 410].includes(err && err.status) });
      } finally {
        this.setData({ submitting: false });
      }
    },
    onCancel() {
      wx.switchTab({ url: '/pages/home/index/index' });
    },
  },
});
