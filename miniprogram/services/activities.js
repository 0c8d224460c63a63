const { request, upload } = require('./request');

/** Activities; query may carry station_id, status, mine. */
function listActivities(query = {}) {
  return request({ method: 'GET', path: '/api/v1/activities', query });
}

function createActivity({ stationId, ...data }) {
  return request({ method: 'POST', path: '/api/v1/stations/{id}/activities', params: { id: stationId }, data });
}

function signUp({ id }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/signups', params: { id } });
}

/** Check in on site; code is what wx.scanCode read from the activity's code (its scene or path). */
function checkIn({ id, code }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/check-in', params: { id }, data: code ? { code } : {} });
}

function checkOut({ id, code }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/check-out', params: { id }, data: code ? { code } : {} });
}

/** Upload one image for a highlight; resolves to {url} or {id, url}. */
function uploadImage({ filePath }) {
  return upload({ method: 'POST', path: '/api/v1/uploads', filePath, name: 'file' });
}

/** Post a highlight (精彩瞬间) of an activity: {text, image_urls}. Shown after the content check. */
function postHighlight({ activityId, text, imageUrls }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/highlights', params: { id: activityId }, data: { text, image_urls: imageUrls } });
}

module.exports = { listActivities, createActivity, signUp, checkIn, checkOut, uploadImage, postHighlight };
