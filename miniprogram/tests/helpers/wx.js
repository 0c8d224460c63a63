// An in-memory stand-in for the wx global: storage, navigation, UI feedback and the network
// calls that the client makes. wx.request is routed to a fake backend (tests/helpers/backend.js).
function installWx({ backend, envVersion = 'develop', loginCode = 'test-resident01', scanResult } = {}) {
  const store = new Map();
  const calls = { navigateTo: [], redirectTo: [], switchTab: [], reLaunch: [], toasts: [], modals: [] };
  const mock = {
    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion, appId: 'touristappid' } })),
    getStorageSync: jest.fn((key) => (store.has(key) ? store.get(key) : '')),
    setStorageSync: jest.fn((key, value) => { store.set(key, value); }),
    removeStorageSync: jest.fn((key) => { store.delete(key); }),
    login: jest.fn(({ success }) => success({ code: loginCode, errMsg: 'login:ok' })),
    request: jest.fn((options) => {
      const answer = backend ? backend.handle(options) : { statusCode: 404, data: {} };
      Promise.resolve().then(() => {
        if (answer && answer.fail) {
          if (options.fail) options.fail({ errMsg: answer.fail });
        } else if (options.success) {
          options.success({ statusCode: answer.statusCode, data: answer.data, header: {} });
        }
        if (options.complete) options.complete();
      });
      return { abort() {} };
    }),
    uploadFile: jest.fn((options) => {
      const answer = backend ? backend.handle({ ...options, method: 'POST', data: options.formData, filePath: options.filePath, fileName: options.name }) : { statusCode: 404, data: {} };
      Promise.resolve().then(() => options.success({ statusCode: answer.statusCode, data: JSON.stringify(answer.data) }));
    }),
    scanCode: jest.fn(({ success, fail }) => {
      if (scanResult === null) fail({ errMsg: 'scanCode:fail cancel' });
      else if (scanResult && typeof scanResult === 'object') success({ result: '', path: '', ...scanResult, errMsg: 'scanCode:ok' });
      else success({ result: scanResult || '', path: '', errMsg: 'scanCode:ok' });
    }),
    chooseMedia: jest.fn(({ success }) => success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/photo1.jpg', size: 1000 }] })),
    getLocation: jest.fn(({ success }) => success({ latitude: 39.87, longitude: 116.36 })),
    chooseLocation: jest.fn(({ success }) => success({ name: '右安门街道', address: '北京市丰台区右安门街道', latitude: 39.868, longitude: 116.356 })),
    navigateTo: jest.fn((o) => { calls.navigateTo.push(o.url); if (o.success) o.success(); }),
    redirectTo: jest.fn((o) => { calls.redirectTo.push(o.url); if (o.success) o.success(); }),
    switchTab: jest.fn((o) => { calls.switchTab.push(o.url); if (o.success) o.success(); }),
    reLaunch: jest.fn((o) => { calls.reLaunch.push(o.url); if (o.success) o.success(); }),
    navigateBack: jest.fn(),
    showToast: jest.fn((o) => { calls.toasts.push(o.title); }),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    showModal: jest.fn((o) => {
      calls.modals.push(o);
      const answer = global.wx.modalAnswer || { confirm: true, cancel: false, content: o.placeholderText ? '理由' : '' };
      if (o.success) o.success(answer);
    }),
    setClipboardData: jest.fn((o) => { if (o.success) o.success(); }),
    stopPullDownRefresh: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    previewImage: jest.fn(),
    makePhoneCall: jest.fn(),
    requestSubscribeMessage: jest.fn((o) => { if (o.success) o.success(Object.fromEntries((o.tmplIds || []).map((id) => [id, 'accept']))); }),
    downloadFile: jest.fn((o) => Promise.resolve().then(() => o.success({ statusCode: 200, tempFilePath: `wxfile://tmp/download${o.url.replace(/[^0-9]/g, '')}.jpg` }))),
  };
  global.wx = Object.assign({}, global.wx || {}, mock);
  global.getApp = () => ({ globalData: {} });
  return { wx: global.wx, store, calls };
}

module.exports = { installWx };
