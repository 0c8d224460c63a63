const { request } = require('./request');

function getSurvey({ id }) {
  return request({ method: 'GET', path: '/api/v1/surveys/{id}', params: { id }, auth: false });
}

/** {link_scene, client_id, started_at, answers} → the response with its validity flags. */
function submitResponse({ surveyId, linkScene, clientId, startedAt, answers }) {
  return request({
    method: 'POST', path: '/api/v1/surveys/{id}/responses', params: { id: surveyId },
    data: { link_scene: linkScene, client_id: clientId, started_at: startedAt, answers },
  });
}

function getFigures({ id }) {
  return request({ method: 'GET', path: '/api/v1/surveys/{id}/figures', params: { id } });
}

module.exports = { getSurvey, submitResponse, getFigures };
