const hours = require('../../../services/hours');
const { getMe } = require('../../../services/auth');
const { formatHours, formatRange, formatStars } = require('../../../utils/format');
const { STATUS, label } = require('../../../utils/labels');
const { listOf, loadInto, prompt, toast, toastError } = require('../../../utils/page');

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
          records: listOf(answer).map((r) => ({
            ...r,
            timeText: formatRange(r.started_at, r.ended_at),
            hoursText: formatHours(r.minutes),
            statusText: label(STATUS, r.status),
            // Only a verified record that still counts can be corrected.
            correctable: r.status === 'verified' && r.counts !== false,
          })),
        };
      });
    },
    /** 申请更正: the volunteer says what is wrong; the station's admins decide. */
    async onAskCorrection(e) {
      const reason = await prompt({ title: '申请更正时长', placeholder: '请说明哪里不对，例如实际结束时间' });
      if (reason === null) return;
      if (reason.length < 2) { toast('请写清楚更正理由'); return; }
      try {
        await hours.askCorrection({ id: e.currentTarget.dataset.id, reason });
        toast('已提交，等待服务站处理', 'none');
      } catch (err) {
        toastError(err);
      }
    },
  },
});
