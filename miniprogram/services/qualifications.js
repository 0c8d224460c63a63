const { request } = require('./request');

/** Apply to be a lecturer or publicist: {kind: 'lecturer'|'publicist', real_name, phone, ...}. */
function applyQualification(data) {
  return request({ method: 'POST', path: '/api/v1/qualification-applications', data });
}

function listQualificationApplications(query = { status: 'pending' }) {
  return request({ method: 'GET', path: '/api/v1/qualification-applications', query });
}

function approveQualification({ id }) {
  return request({ method: 'POST', path: '/api/v1/qualification-applications/{id}/approve', params: { id } });
}

function rejectQualification({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/qualification-applications/{id}/reject', params: { id }, data: { reason } });
}

module.exports = { applyQualification, listQualificationApplications, approveQualification, rejectQualification };
