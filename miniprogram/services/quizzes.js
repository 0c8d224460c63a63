const { request } = require('./request');

/** Campaigns open to the user now: {items, page, per_page, total}. */
function listCampaigns(query = {}) {
  return request({ method: 'GET', path: '/api/v1/quiz-campaigns', query });
}

/** Start an attempt: → {attempt_id, deadline, questions} (no answers). */
function startAttempt({ campaignId }) {
  return request({ method: 'POST', path: '/api/v1/quiz-campaigns/{id}/attempts', params: { id: campaignId } });
}

/** answers: {question_id: ["A", …]} → score, points awarded, right answers, explanations. */
function submitAttempt({ attemptId, answers }) {
  return request({ method: 'POST', path: '/api/v1/quiz-attempts/{id}/submit', params: { id: attemptId }, data: { answers } });
}

/** A graded attempt again (the same shape the submit answered), e.g. after the page was rebuilt. */
function getAttempt({ attemptId }) {
  return request({ method: 'GET', path: '/api/v1/quiz-attempts/{id}', params: { id: attemptId } });
}

function getLeaderboard({ campaignId, scope = 'users' }) {
  return request({ method: 'GET', path: '/api/v1/quiz-campaigns/{id}/leaderboard', params: { id: campaignId }, query: { scope } });
}

module.exports = { listCampaigns, startAttempt, submitAttempt, getAttempt, getLeaderboard };
