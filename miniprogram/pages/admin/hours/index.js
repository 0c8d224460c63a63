const hours = require('../../../services/hours');
const reviewPage = require('../review-page');
const { formatRange, formatHours } = require('../../../utils/format');

Component(reviewPage({
  approveText: '核验通过',
  list: ({ stationId }) => hours.listStationHours({ stationId, status: 'pending' }),
  shape: (h) => ({ title: `${(h.volunteer && h.volunteer.real_name) || ''} ${formatHours(h.minutes)}`, detail: `${formatRange(h.started_at, h.ended_at)} · ${h.description || ''}` }),
  approve: (id) => hours.verifyHours({ id }),
  reject: (id, reason) => hours.rejectHours({ id, reason }),
}));
