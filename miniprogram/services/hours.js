const { request } = require('./request');

/** Log hours by hand: {started_at, ended_at, description, activity_id?, evidence_urls?} (ISO 8601 with offset). */
function logHours(data) {
  return request({ method: 'POST', path: '/api/v1/service-hours', data });
}

function listMyHours(query = {}) {
  return request({ method: 'GET', path: '/api/v1/me/service-hours', query });
}

function listStationHours({ stationId, status = 'pending' }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/service-hours', params: { id: stationId }, query: { status } });
}

function verifyHours({ id }) {
  return request({ method: 'POST', path: '/api/v1/service-hours/{id}/verify', params: { id } });
}

function rejectHours({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/service-hours/{id}/reject', params: { id }, data: { reason } });
}

module.exports = { logHours, listMyHours, listStationHours, verifyHours, rejectHours };
