const { request } = require('./request');

function listGifts(query = {}) {
  return request({ method: 'GET', path: '/api/v1/gifts', query });
}

function getGift({ id }) {
  return request({ method: 'GET', path: '/api/v1/gifts/{id}', params: { id } });
}

/** Redeem; idempotencyKey is made once per tap so a retried request never redeems twice. */
function redeem({ giftId, quantity = 1, pickupStationId, idempotencyKey }) {
  return request({
    method: 'POST', path: '/api/v1/gifts/{id}/redemptions', params: { id: giftId },
    data: { quantity, pickup_station_id: pickupStationId },
    header: { 'Idempotency-Key': idempotencyKey },
  });
}

function listMyRedemptions(query = {}) {
  return request({ method: 'GET', path: '/api/v1/me/redemptions', query });
}

function cancelRedemption({ id }) {
  return request({ method: 'POST', path: '/api/v1/redemptions/{id}/cancel', params: { id } });
}

/** Station admin hands a gift over by its pickup code (typed or scanned). */
function fulfilRedemption({ stationId, pickupCode }) {
  return request({ method: 'POST', path: '/api/v1/stations/{id}/redemptions/fulfil', params: { id: stationId }, data: { pickup_code: pickupCode } });
}

/** Redemptions to be picked up at a station (its admins), without their codes. */
function listStationRedemptions({ stationId, status = 'pending_pickup' }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/redemptions', params: { id: stationId }, query: { status } });
}

/** Restock (delta > 0) or write off (delta < 0); one Idempotency-Key per tap. */
function adjustStock({ giftId, delta, reason, idempotencyKey }) {
  return request({
    method: 'POST', path: '/api/v1/gifts/{id}/stock-adjustments', params: { id: giftId },
    data: reason ? { delta, reason } : { delta }, header: { 'Idempotency-Key': idempotencyKey },
  });
}

module.exports = {
  listGifts, getGift, redeem, listMyRedemptions, cancelRedemption, fulfilRedemption,
  listStationRedemptions, adjustStock,
};
