// Server base URL per mini-program environment. envVersion comes from
// wx.getAccountInfoSync(): "develop" (DevTools / preview), "trial" (体验版), "release" (正式版).
// The trial and release hosts are placeholders: set them to the real HTTPS domains, which must
// also be listed as request 合法域名 in the mini-program admin console.
const BASE_URLS = {
  develop: 'http://127.0.0.1:5000',
  trial: 'https://trial.api.wanganlian.example',
  release: 'https://api.wanganlian.example',
};

const REQUEST_TIMEOUT_MS = 15000;

function envVersion() {
  try {
    const info = wx.getAccountInfoSync();
    const version = info && info.miniProgram && info.miniProgram.envVersion;
    return BASE_URLS[version] ? version : 'release';
  } catch (err) {
    return 'develop';
  }
}

function baseUrl() {
  return BASE_URLS[envVersion()];
}

module.exports = { BASE_URLS, REQUEST_TIMEOUT_MS, envVersion, baseUrl };
