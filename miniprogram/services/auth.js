const { request, login, logout } = require('./request');
const storage = require('../utils/storage');

/** The signed-in user's profile: roles, station, verified hours, star level, points balance. */
async function getMe() {
  const me = await request({ method: 'GET', path: '/api/v1/me' });
  storage.setUser(me);
  return me;
}

/** Claim a one-time station admin invite code inside the station's entrance. */
function claimAdminInvite({ inviteCode }) {
  return request({ method: 'POST', path: '/api/v1/admin-invites/claim', data: { invite_code: inviteCode } });
}

/** Record that the user accepted this version of the privacy guide. */
function acceptPrivacy({ version }) {
  return request({ method: 'POST', path: '/api/v1/me/privacy-consent', data: { version } });
}

/** Everything the platform keeps about the user, as one JSON document. */
function exportMyData() {
  return request({ method: 'GET', path: '/api/v1/me/export' });
}

/** Delete the user's account and personal data. */
async function deleteAccount() {
  const result = await request({ method: 'DELETE', path: '/api/v1/me' });
  logout();
  return result;
}

function hasRole(me, ...roles) {
  const owned = (me && me.roles) || [];
  return roles.some((role) => owned.some((r) => (typeof r === 'string' ? r : r && r.role) === role));
}

function isStationAdmin(me) {
  return hasRole(me, 'station_admin');
}

function isAssociationAdmin(me) {
  return hasRole(me, 'association_admin');
}

/** The station a station admin manages: from a role {role, station_id}, else the profile's station. */
function adminStationId(me) {
  const role = ((me && me.roles) || []).find((r) => r && typeof r === 'object' && r.role === 'station_admin' && r.station_id);
  if (role) return role.station_id;
  return isStationAdmin(me) && me.station ? me.station.id : null;
}

module.exports = {
  adminStationId,
  login, logout, getMe, claimAdminInvite, acceptPrivacy, exportMyData, deleteAccount,
  hasRole, isStationAdmin, isAssociationAdmin,
};
