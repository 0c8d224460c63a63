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

// In DevTools (develop only) a server other than BASE_URLS.develop can be chosen without
// editing code: wx.setStorageSync('dev_api_base', 'http://192.168.1.5:5000') in the console.
// The end-to-end tests point the pages at their own server the same way.
const DEV_BASE_KEY = 'dev_api_base';

function baseUrl() {
  const version = envVersion();
  if (version === 'develop') {
    let override = '';
    try {
      override = wx.getStorageSync(DEV_BASE_KEY);
    } catch (err) {
      override = '';
    }
    if (typeof override === 'string' && /^https?:\/\/[^/]+$/.test(override)) return override;
  }
  return BASE_URLS[version];
}

module.exports = { BASE_URLS, DEV_BASE_KEY, REQUEST_TIMEOUT_MS, envVersion, baseUrl };
