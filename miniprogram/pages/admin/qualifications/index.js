const qualifications = require('../../../services/qualifications');
const reviewPage = require('../review-page');
const { QUALIFICATION_KIND, label } = require('../../../utils/labels');

Component(reviewPage({
  perStation: false,
  approveText: '通过',
  list: () => qualifications.listQualificationApplications({ status: 'pending' }),
  shape: (q) => ({ title: `${label(QUALIFICATION_KIND, q.kind)} · ${q.real_name}`, detail: `${q.phone || ''} · 测评 ${q.assessment_score === undefined || q.assessment_score === null ? '未参加' : `${q.assessment_score} 分`}` }),
  approve: (id) => qualifications.approveQualification({ id }),
  reject: (id, reason) => qualifications.rejectQualification({ id, reason }),
}));
