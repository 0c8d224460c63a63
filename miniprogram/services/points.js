const { request } = require('./request');

function getBalance() {
  return request({ method: 'GET', path: '/api/v1/me/points' });
}

/** Ledger lines of the user's wallet, newest first: {items, page, per_page, total}; query: page, per_page. */
function listEntries(query = {}) {
  return request({ method: 'GET', path: '/api/v1/me/points/entries', query });
}

/** Association admin: award (or claw back) points; idempotencyKey is made per tap. */
function adjustPoints({ userId, amount, reason, idempotencyKey }) {
  return request({
    method: 'POST', path: '/api/v1/admin/points/adjustments',
    data: { user_id: userId, amount, reason },
    header: { 'Idempotency-Key': idempotencyKey },
  });
}

module.exports = { getBalance, listEntries, adjustPoints };
