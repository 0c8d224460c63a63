const { request } = require('./request');

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

module.exports = { CATEGORIES, fileHelpRequest, listMyHelpRequests };
