const { request, upload, download } = require('./request');

const CATEGORIES = [
  { value: 'fraud', label: '电信网络诈骗' },
  { value: 'harmful_information', label: '有害信息' },
  { value: 'personal_information_leak', label: '个人信息泄露' },
  { value: 'cyber_bullying', label: '网络暴力' },
  { value: 'other', label: '其他' },
];

/** File a help request or report: {category, description, station_id?, contact_phone?, evidence_urls?}. */
function fileHelpRequest(data) {
  return request({ method: 'POST', path: '/api/v1/help-requests', data });
}

/** The user's own requests, newest first: {items, page, per_page, total}. */
function listMyHelpRequests(query = {}) {
  return request({ method: 'GET', path: '/api/v1/me/help-requests', query });
}

const REFER_TO = [
  { value: 'police', label: '公安机关' },
  { value: 'cac_office', label: '网信部门' },
  { value: 'other', label: '其他单位' },
];

/** One request with its steps, for its reporter and its handlers. */
function getHelpRequest({ id }) {
  return request({ method: 'GET', path: '/api/v1/help-requests/{id}', params: { id } });
}

/** Attach a photo (JPEG/PNG, ≤ 5 MB) to your own open request; it stays private. */
function attachHelpPhoto({ id, filePath }) {
  return upload({ method: 'POST', path: '/api/v1/help-requests/{id}/evidence-image', params: { id }, filePath, name: 'image' });
}

/** The photo as a local temporary file (the API wants the bearer token, <image> cannot send it). */
function helpPhoto({ id }) {
  return download({ method: 'GET', path: '/api/v1/help-requests/{id}/evidence-image', params: { id } });
}

function listStationHelpRequests({ stationId, status }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/help-requests', params: { id: stationId }, query: status ? { status } : {} });
}

function acceptHelpRequest({ id, note }) {
  return request({ method: 'POST', path: '/api/v1/help-requests/{id}/accept', params: { id }, data: note ? { note } : {} });
}

function referHelpRequest({ id, to, note }) {
  return request({ method: 'POST', path: '/api/v1/help-requests/{id}/refer', params: { id }, data: note ? { to, note } : { to } });
}

function closeHelpRequest({ id, outcome }) {
  return request({ method: 'POST', path: '/api/v1/help-requests/{id}/close', params: { id }, data: { outcome } });
}

module.exports = {
  CATEGORIES, REFER_TO, fileHelpRequest, listMyHelpRequests, getHelpRequest, attachHelpPhoto, helpPhoto,
  listStationHelpRequests, acceptHelpRequest, referHelpRequest, closeHelpRequest,
};
