const { request } = require('./request');

/** Confirm a web console login (扫码登录) with the scanning admin's own token. */
function confirmConsoleLogin({ scene }) {
  return request({ method: 'POST', path: '/api/v1/console/login-tickets/{scene}/confirm', params: { scene } });
}

module.exports = { confirmConsoleLogin };
