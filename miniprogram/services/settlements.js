const { request } = require('./request');

const KINDS = ['service_hours', 'campaign_close', 'redemption_expiry', 'survey_subsidy', 'reconcile'];

/** Start a settlement run: {kind, ...} → the run. */
function startSettlement({ kind, ...rest }) {
  return request({ method: 'POST', path: '/api/v1/admin/settlements', data: { kind, ...rest } });
}

function getSettlement({ id }) {
  return request({ method: 'GET', path: '/api/v1/admin/settlements/{id}', params: { id } });
}

module.exports = { KINDS, startSettlement, getSettlement };
