const volunteers = require('../../../services/volunteers');
const reviewPage = require('../review-page');
const { formatDateTime } = require('../../../utils/format');

Component(reviewPage({
  approveText: '通过',
  list: ({ stationId }) => volunteers.listStationApplications({ stationId, status: 'pending' }),
  shape: (a) => ({ title: `${a.real_name} ${a.phone}`, detail: `${a.is_party_member ? '党员 · ' : ''}${(Array.isArray(a.skills) ? a.skills.join('、') : a.skills) || ''} · ${formatDateTime(a.created_at)}` }),
  approve: (id) => volunteers.approveApplication({ id }),
  reject: (id, reason) => volunteers.rejectApplication({ id, reason }),
}));
