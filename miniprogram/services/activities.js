const { request, upload, download } = require('./request');

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

/**
 * Check in on site: scene is the entrance scene of the activity's code, scanned there (the server
 * refuses a check-in or check-out without it, 422, or with another code's scene, 400).
 */
function checkIn({ id, scene }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/check-in', params: { id }, data: { scene } });
}

function checkOut({ id, scene }) {
  return request({ method: 'POST', path: '/api/v1/activities/{id}/check-out', params: { id }, data: { scene } });
}

/**
 * Post a highlight (精彩瞬间) of an activity: text and at most one photo. With a photo it goes as
 * multipart (fields `text`, `image`), else as JSON {text}. Resolves to the highlight, whose
 * status is "visible" or "held" until WeChat's content check (or an admin) passes it.
 */
function postHighlight({ activityId, text, filePath }) {
  if (filePath) {
    return upload({ method: 'POST', path: '/api/v1/activities/{id}/highlights', params: { id: activityId }, filePath, name: 'image', formData: text ? { text } : {} });
  }
  return request({ method: 'POST', path: '/api/v1/activities/{id}/highlights', params: { id: activityId }, data: { text } });
}

/** A station's highlights over its activities; status=held is the moderation queue. */
function listStationHighlights({ stationId, status = 'held' }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/highlights', params: { id: stationId }, query: { status } });
}

/** approve (held → visible) or hide. */
function moderateHighlight({ id, action }) {
  return request({ method: 'POST', path: '/api/v1/highlights/{id}/moderate', params: { id }, data: { action } });
}

/** A held highlight's photo as a local file (only its admins may fetch it while held). */
function highlightImage({ id }) {
  return download({ method: 'GET', path: '/api/v1/highlights/{id}/image', params: { id } });
}

module.exports = {
  listStationHighlights, moderateHighlight, highlightImage, listActivities, createActivity, signUp, checkIn, checkOut, postHighlight };
