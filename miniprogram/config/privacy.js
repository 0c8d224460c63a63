// The version of the privacy guide (隐私保护指引) the client asks people to accept.
// Bump it when the guide changes so that everyone is asked again.
const PRIVACY_VERSION = '2026-11-01';

module.exports = { PRIVACY_VERSION };
