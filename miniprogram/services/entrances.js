const { request } = require('./request');

/** What a scanned scene points at: {kind: station|activity|survey_link|quiz_campaign, target_id, ...}. */
function resolveEntrance({ scene }) {
  return request({ method: 'GET', path: '/api/v1/entrances/{scene}', params: { scene }, auth: false });
}

module.exports = { resolveEntrance };
