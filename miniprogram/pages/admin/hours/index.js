const hours = require('../../../services/hours');
const reviewPage = require('../review-page');
const { formatRange, formatHours } = require('../../../utils/format');

Component(reviewPage({
  approveText: '核验通过',
  list: ({ stationId }) => hours.listStationHours({ stationId, status: 'pending' }),
  // A record names its volunteer by user_id only; the description says what was done.
  shape: (h) => ({ title: `${h.description || ''} · ${formatHours(h.minutes)}`, detail: `${h.volunteer_name || '志愿者'} · ${formatRange(h.started_at, h.ended_at)}` }),
  approve: (id) => hours.verifyHours({ id }),
  reject: (id, reason) => hours.rejectHours({ id, reason }),
}));
