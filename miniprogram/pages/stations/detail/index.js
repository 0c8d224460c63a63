// A station's page. Admins of this station see the way into the admin pages: the admin entry is
// reached through the station's own entrance (its code) or its page.
const stations = require('../../../services/stations');
const auth = require('../../../services/auth');
const { STATION_KIND, label } = require('../../../utils/labels');
const { loadInto, go, toast, toastError } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', id: null, station: {}, kindText: '', isAdmin: false, fromEntrance: false, inviteCode: '' },
  methods: {
    onLoad(query) {
      this.setData({ id: Number(query.id), fromEntrance: query.fromEntrance === '1' });
      return this.load();
    },
    load() {
      return loadInto(this, async () => {
        const [station, me] = await Promise.all([stations.getStation({ id: this.data.id }), auth.getMe().catch(() => null)]);
        const isAdmin = (auth.isStationAdmin(me) && auth.adminStationId(me) === station.id) || auth.isAssociationAdmin(me);
        return { station, kindText: label(STATION_KIND, station.kind), isAdmin };
      });
    },
    onApply() { go(`/pages/volunteer/apply/index?stationId=${this.data.id}`); },
    onBoards() { go(`/pages/boards/index/index?stationId=${this.data.id}`); },
    onHelp() { go(`/pages/help/report/index?stationId=${this.data.id}`); },
    onAdmin() { go(`/pages/admin/index/index?stationId=${this.data.id}`); },
    onInviteCode(e) { this.setData({ inviteCode: e.detail.value }); },
    async onClaim() {
      const inviteCode = this.data.inviteCode.trim();
      if (!inviteCode) { toast('请输入邀请码'); return; }
      try {
        await auth.claimAdminInvite({ inviteCode });
        toast('已成为本站管理员', 'success');
        await this.load();
      } catch (err) {
        toastError(err);
      }
    },
  },
});
