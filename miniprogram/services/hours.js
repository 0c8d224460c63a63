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

function getHours({ id }) {
  return request({ method: 'GET', path: '/api/v1/service-hours/{id}', params: { id } });
}

/** A volunteer asks the station to correct one of their verified records: {reason}. */
function askCorrection({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/service-hours/{id}/correction-requests', params: { id }, data: { reason } });
}

function listCorrectionRequests({ stationId, status = 'open' }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/correction-requests', params: { id: stationId }, query: { status } });
}

function declineCorrectionRequest({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/correction-requests/{id}/decline', params: { id }, data: { reason } });
}

/** An admin enters the correction: a new pending record that another admin verifies. */
function enterCorrection({ recordId, startedAt, endedAt, reason, requestId }) {
  return request({
    method: 'POST', path: '/api/v1/service-hours/{id}/corrections', params: { id: recordId },
    data: { started_at: startedAt, ended_at: endedAt, reason, request_id: requestId },
  });
}

module.exports = {
  logHours, listMyHours, listStationHours, verifyHours, rejectHours, getHours,
  askCorrection, listCorrectionRequests, declineCorrectionRequest, enterCorrection,
};
