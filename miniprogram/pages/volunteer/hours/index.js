const hours = require('../../../services/hours');
const { getMe } = require('../../../services/auth');
const { formatHours, formatRange, formatStars } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', records: [], verifiedText: '', stars: '' },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        // The records are a page {items, page, per_page, total}; the totals live on the profile.
        const [answer, me] = await Promise.all([hours.listMyHours(), getMe()]);
        return {
          verifiedText: formatHours(me.verified_minutes || 0),
          stars: formatStars(me.star_level || 0),
          records: listOf(answer).map((r) => ({ ...r, timeText: formatRange(r.started_at, r.ended_at), hoursText: formatHours(r.minutes), statusText: label(STATUS, r.status) })),
        };
      });
    },
  },
});
