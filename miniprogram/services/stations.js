const { request } = require('./request');

/** Station directory; query may carry q (keyword: name, district or address), kind, district, association_id, page, per_page. */
function listStations(query = {}) {
  return request({ method: 'GET', path: '/api/v1/stations', query, auth: false });
}

function getStation({ id }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}', params: { id }, auth: false });
}

function createStation(data) {
  return request({ method: 'POST', path: '/api/v1/stations', data });
}

function createAdminInvite({ id }) {
  return request({ method: 'POST', path: '/api/v1/stations/{id}/admin-invites', params: { id } });
}

/** The station's own figures for its admins (volunteers, hours, activities, redemptions…). */
function getStationFigures({ id }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/figures', params: { id } });
}

/** Set where the station is (GCJ-02, from wx.chooseLocation); its admins only. */
function setStationLocation({ id, latitude, longitude }) {
  return request({ method: 'PATCH', path: '/api/v1/stations/{id}', params: { id }, data: { latitude, longitude } });
}

/** A station's standing board: 'points' (宝盾 earned) or 'hours' (verified minutes). */
function getStationBoard({ id, board, limit = 20 }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/leaderboards/{board}', params: { id, board }, query: { limit } });
}

/** The station's volunteers: number, name, verified hours, star level (minors masked). */
function getRoster({ id, page = 1 }) {
  return request({ method: 'GET', path: '/api/v1/stations/{id}/roster', params: { id }, query: { page, per_page: 100 } });
}

/** {id: name} of the given stations (gifts and redemptions name their stations by id only). */
async function stationNames(ids) {
  const unique = [...new Set((ids || []).filter((id) => id !== null && id !== undefined))];
  const found = await Promise.all(unique.map((id) => getStation({ id }).catch(() => ({ id, name: `服务站 #${id}` }))));
  return Object.fromEntries(found.map((s) => [s.id, s.name]));
}

module.exports = { listStations, getStation, createStation, createAdminInvite, getStationFigures, setStationLocation, getStationBoard, getRoster, stationNames };
