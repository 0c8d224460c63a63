const { request } = require('./request');

/** Apply to a home station: {station_id, real_name, phone, id_number?, skills?, is_party_member?, availability?}. */
function applyToStation(data) {
  return request({ method: 'POST', path: '/api/v1/volunteer-applications', data });
}

function listStationApplications({ stationId, status = 'pending' }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/volunteer-applications', params: { id: stationId }, query: { status } });
}

function approveApplication({ id }) {
  return request({ method: 'POST', path: '/api/v1/volunteer-applications/{id}/approve', params: { id } });
}

function rejectApplication({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/volunteer-applications/{id}/reject', params: { id }, data: { reason } });
}

/** The user's own applications, newest first, with their status and any reason for a refusal. */
function listMyApplications() {
  return request({ method: 'GET', path: '/api/v1/me/volunteer-applications' });
}

module.exports = { applyToStation, listStationApplications, approveApplication, rejectApplication, listMyApplications };
