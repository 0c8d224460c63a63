const { request } = require('./request');

/** The survey: {id, title, questionnaire: {questions: [...]}, windows, min_seconds, points, ...}. */
function getSurvey({ id }) {
  return request({ method: 'GET', path: '/api/v1/surveys/{id}', params: { id }, auth: false });
}

/** Save progress of one attempt (client_id): {answers, link_scene, started_at} → the draft. */
function saveDraft({ surveyId, clientId, linkScene, startedAt, answers }) {
  return request({
    method: 'PUT', path: '/api/v1/surveys/{id}/drafts/{client_id}', params: { id: surveyId, client_id: clientId },
    data: { answers, link_scene: linkScene || null, started_at: startedAt || null },
  });
}

/** The saved progress of one attempt; 404 draft_not_found when nothing was saved. */
function getDraft({ surveyId, clientId }) {
  return request({ method: 'GET', path: '/api/v1/surveys/{id}/drafts/{client_id}', params: { id: surveyId, client_id: clientId } });
}

/** {link_scene, client_id, started_at, answers} → the response with its validity flags (a re-send
 * with the same client_id returns the same response, replayed: true). */
function submitResponse({ surveyId, linkScene, clientId, startedAt, answers }) {
  return request({
    method: 'POST', path: '/api/v1/surveys/{id}/responses', params: { id: surveyId },
    data: { link_scene: linkScene, client_id: clientId, started_at: startedAt, answers },
  });
}

function getFigures({ id }) {
  return request({ method: 'GET', path: '/api/v1/surveys/{id}/figures', params: { id } });
}

module.exports = { getSurvey, saveDraft, getDraft, submitResponse, getFigures };
