const { request } = require('./request');

const KINDS = ['service_hours', 'campaign_close', 'redemption_expiry', 'survey_subsidy', 'reconcile'];

/** Start (or find) a run: {kind, association_id (null for a union admin's platform-wide run),
 * scope} → the run {id, kind, scope, status, totals, progress, failures, alerts}. */
function startSettlement({ kind, associationId = null, scope = {} }) {
  return request({ method: 'POST', path: '/api/v1/admin/settlements', data: { kind, association_id: associationId, scope } });
}

/** Runs the admin may see, newest first: {items, page, per_page, total}. */
function listSettlements(query = {}) {
  return request({ method: 'GET', path: '/api/v1/admin/settlements', query });
}

function getSettlement({ id }) {
  return request({ method: 'GET', path: '/api/v1/admin/settlements/{id}', params: { id } });
}

module.exports = { KINDS, startSettlement, listSettlements, getSettlement };
