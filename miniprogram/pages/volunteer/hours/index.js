const hours = require('../../../services/hours');
const { formatHours, formatRange, formatStars } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto } = require('../../../utils/page');

Component({
  data: { loading: true, error: '', records: [], verifiedText: '', stars: '' },
  methods: {
    onLoad() { return this.load(); },
    load() {
      return loadInto(this, async () => {
        const answer = await hours.listMyHours();
        return {
          verifiedText: formatHours(answer.verified_minutes || 0),
          stars: formatStars(answer.star_level || 0),
          records: listOf(answer).map((r) => ({ ...r, timeText: formatRange(r.started_at, r.ended_at), hoursText: formatHours(r.minutes), statusText: label(STATUS, r.status) })),
        };
      });
    },
  },
});
