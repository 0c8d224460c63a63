const auth = require('../../../services/auth');
const { formatPoints, formatHours, formatStars } = require('../../../utils/format');
const { loadInto, go } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', me: {}, pointsText: '', hoursText: '', stars: '', isAdmin: false, isVolunteer: false },
  methods: {
    onLoad() { return this.load(); },
    onShow() { if (!this.data.loading) this.load(); },
    load() {
      return loadInto(this, async () => {
        const me = await auth.getMe();
        return {
          me,
          pointsText: formatPoints(me.points_balance || 0),
          hoursText: formatHours(me.verified_minutes || 0),
          stars: formatStars(me.star_level || 0),
          isAdmin: auth.isStationAdmin(me) || auth.isAssociationAdmin(me),
          // A volunteer has a home station; a resident sees how to become one instead.
          isVolunteer: !!me.home_station_id,
          isInspector: auth.hasRole(me, 'inspector'),
        };
      });
    },
    onGo(e) { go(e.currentTarget.dataset.url); },
  },
});
