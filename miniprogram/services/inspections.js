const { request, upload } = require('./request');

/** Inspections in the caller's scope: {station_id?, status?, overdue?}. */
function listInspections(query = {}) {
  return request({ method: 'GET', path: '/api/v1/inspections', query });
}

function getInspection({ id }) {
  return request({ method: 'GET', path: '/api/v1/inspections/{id}', params: { id } });
}

function getChecklist({ associationId }) {
  return request({ method: 'GET', path: '/api/v1/associations/{id}/inspection-checklist', params: { id: associationId } });
}

/** {inspected_on, rectify_by, summary, items: [{item_id, result: ok|finding, note}]}. */
function recordInspection({ stationId, ...data }) {
  return request({ method: 'POST', path: '/api/v1/stations/{id}/inspections', params: { id: stationId }, data });
}

function answerFinding({ id, text }) {
  return request({ method: 'POST', path: '/api/v1/inspection-findings/{id}/responses', params: { id }, data: { text } });
}

function acceptAnswer({ id }) {
  return request({ method: 'POST', path: '/api/v1/inspection-findings/{id}/accept', params: { id }, data: {} });
}

function returnAnswer({ id, reason }) {
  return request({ method: 'POST', path: '/api/v1/inspection-findings/{id}/return', params: { id }, data: { reason } });
}

function closeInspection({ id }) {
  return request({ method: 'POST', path: '/api/v1/inspections/{id}/close', params: { id } });
}

function addPhoto({ findingId, filePath }) {
  return upload({ method: 'POST', path: '/api/v1/inspection-findings/{id}/photos', params: { id: findingId }, filePath, name: 'image' });
}

module.exports = { listInspections, getInspection, getChecklist, recordInspection, answerFinding, acceptAnswer, returnAnswer, closeInspection, addPhoto };
