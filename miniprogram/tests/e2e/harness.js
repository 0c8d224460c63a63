// What the end-to-end walks share: a wx global whose wx.request goes over HTTP to the real API
// (jsdom has no fetch, so Node's http module), wx.login codes "test-<openid>" that the WeChat
// stand-in accepts, one storage per simulated person (a "session"), and helpers that wait for
// the real network instead of a fixed number of ticks.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { flush, find } = require('../helpers/render');

const TICK_MS = 5;
let inFlight = 0;

function baseUrl() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run through jest.e2e.config.js');
  return url;
}

/** One HTTP exchange; resolves to {statusCode, data (parsed JSON or text), header}. */
function httpCall({ method = 'GET', url, data, header = {} }) {
  const target = new URL(url);
  let body = null;
  if (data !== undefined && data !== null) {
    if (method === 'GET') {
      Object.entries(data).forEach(([k, v]) => target.searchParams.set(k, String(v)));
    } else {
      body = Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
    }
  }
  const headers = { ...header };
  if (body) {
    headers['Content-Length'] = body.length;
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let parsed = raw;
        try { parsed = raw ? JSON.parse(raw) : ''; } catch (err) { parsed = raw; }
        resolve({ statusCode: res.statusCode, data: parsed, header: res.headers });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** One multipart/form-data POST of a local file, as wx.uploadFile sends it. */
function multipartCall({ url, filePath, name, formData = {}, header = {} }) {
  const boundary = `----e2e${Date.now().toString(16)}`;
  const parts = [];
  Object.entries(formData).forEach(([key, value]) => {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`));
  });
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${path.basename(filePath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(fs.readFileSync(filePath));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url), { method: 'POST', headers: { ...header, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode, data: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.write(body);
    req.end();
  });
}

/** A GET whose body is saved to a temporary file, as wx.downloadFile does. */
function downloadCall({ url, header = {} }) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url), { method: 'GET', headers: header }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const file = path.join(os.tmpdir(), `e2e-download-${Date.now()}-${Math.random().toString(16).slice(2)}`);
        fs.writeFileSync(file, Buffer.concat(chunks));
        resolve({ statusCode: res.statusCode, tempFilePath: file });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Call the API directly (set-up and checks only; the walks themselves go through pages). */
async function api(method, path, { token, data, header = {} } = {}) {
  const headers = { ...header };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await httpCall({ method, url: `${baseUrl()}${path}`, data, header: headers });
  if (res.statusCode >= 400) {
    const error = new Error(`${method} ${path} → ${res.statusCode} ${JSON.stringify(res.data)}`);
    error.res = res;
    throw error;
  }
  return res.data;
}

async function apiLogin(openid) {
  return (await api('POST', '/api/v1/auth/wechat/login', { data: { code: `test-${openid}` } })).token;
}

/** Empty the database and seed the demo data again; resolves to the demo facts. */
function resetServer() {
  return api('POST', '/__e2e__/reset');
}

/**
 * A person using the mini-program: own storage (token, scene), own wx.login code. `use()` makes
 * this person the one the pages talk for, by installing their wx global.
 */
function createSession(openid) {
  const store = new Map([['dev_api_base', baseUrl()]]);
  const calls = { navigateTo: [], redirectTo: [], switchTab: [], reLaunch: [], navigateBack: 0, toasts: [], modals: [] };
  const requests = [];
  const wx = {
    getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop', appId: 'touristappid' } }),
    getStorageSync: (key) => (store.has(key) ? store.get(key) : ''),
    setStorageSync: (key, value) => { store.set(key, value); },
    removeStorageSync: (key) => { store.delete(key); },
    login: ({ success }) => { setTimeout(() => success({ code: `test-${openid}`, errMsg: 'login:ok' }), 0); },
    request(options) {
      const method = (options.method || 'GET').toUpperCase();
      const entry = { method, url: options.url, data: options.data };
      requests.push(entry);
      inFlight += 1;
      const done = () => { inFlight -= 1; };
      if (!String(options.url).startsWith(baseUrl())) {
        // A page that built its URL from anything but the configured base would miss the server.
        setTimeout(() => { done(); if (options.fail) options.fail({ errMsg: `request:fail wrong host ${options.url}` }); if (options.complete) options.complete(); }, 0);
        return { abort() {} };
      }
      httpCall({ method, url: options.url, data: options.data, header: options.header }).then((res) => {
        entry.statusCode = res.statusCode;
        entry.response = res.data;
        done();
        if (options.success) options.success(res);
        if (options.complete) options.complete(res);
      }, (err) => {
        done();
        if (options.fail) options.fail({ errMsg: `request:fail ${err.message}` });
        if (options.complete) options.complete();
      });
      return { abort() {} };
    },
    uploadFile(options) {
      const entry = { method: 'POST', url: options.url, data: options.formData, filePath: options.filePath };
      requests.push(entry);
      inFlight += 1;
      multipartCall({ url: options.url, filePath: options.filePath, name: options.name, formData: options.formData, header: options.header }).then((res) => {
        entry.statusCode = res.statusCode;
        try { entry.response = JSON.parse(res.data); } catch (err) { entry.response = res.data; }
        inFlight -= 1;
        if (options.success) options.success(res);
      }, (err) => { inFlight -= 1; if (options.fail) options.fail({ errMsg: `uploadFile:fail ${err.message}` }); });
    },
    downloadFile(options) {
      const entry = { method: 'GET', url: options.url };
      requests.push(entry);
      inFlight += 1;
      downloadCall({ url: options.url, header: options.header }).then((res) => {
        entry.statusCode = res.statusCode;
        entry.tempFilePath = res.tempFilePath;
        inFlight -= 1;
        if (options.success) options.success(res);
      }, (err) => { inFlight -= 1; if (options.fail) options.fail({ errMsg: `downloadFile:fail ${err.message}` }); });
    },
    // The person picks session.photoPath (a real file) from the album, or cancels.
    chooseMedia: ({ success, fail }) => {
      if (session.photoPath) success({ tempFiles: [{ tempFilePath: session.photoPath, size: fs.statSync(session.photoPath).size }] });
      else if (fail) fail({ errMsg: 'chooseMedia:fail cancel' });
    },
    navigateTo: (o) => { calls.navigateTo.push(o.url); if (o.success) o.success(); },
    redirectTo: (o) => { calls.redirectTo.push(o.url); if (o.success) o.success(); },
    switchTab: (o) => { calls.switchTab.push(o.url); if (o.success) o.success(); },
    reLaunch: (o) => { calls.reLaunch.push(o.url); if (o.success) o.success(); },
    navigateBack: () => { calls.navigateBack += 1; },
    showToast: (o) => { calls.toasts.push(o.title); },
    showLoading: () => {},
    hideLoading: () => {},
    showModal: (o) => {
      calls.modals.push(o);
      const answer = session.modalAnswer || { confirm: true, cancel: false, content: o.placeholderText ? '理由' : '' };
      if (o.success) o.success(answer);
    },
    setClipboardData: (o) => { if (o.success) o.success(); },
    stopPullDownRefresh: () => {},
    setNavigationBarTitle: () => {},
    previewImage: () => {},
    makePhoneCall: () => {},
    requestSubscribeMessage: (o) => { if (o.success) o.success({}); },
    // Declined unless the test gives the person a place (session.location, GCJ-02).
    getLocation: ({ success, fail }) => {
      if (session.location) success({ ...session.location, errMsg: 'getLocation:ok' });
      else if (fail) fail({ errMsg: 'getLocation:fail auth deny' });
    },
    chooseLocation: ({ success, fail }) => {
      if (session.pickedLocation) success({ name: '', address: '', ...session.pickedLocation, errMsg: 'chooseLocation:ok' });
      else if (fail) fail({ errMsg: 'chooseLocation:fail cancel' });
    },
    scanCode: ({ success, fail }) => {
      if (session.scanResult) success({ result: session.scanResult, path: '', errMsg: 'scanCode:ok' });
      else fail({ errMsg: 'scanCode:fail cancel' });
    },
  };
  const session = {
    openid, store, calls, requests, wx,
    modalAnswer: null,
    scanResult: null,
    location: null,
    pickedLocation: null,
    photoPath: null,
    use() {
      global.wx = wx;
      global.getApp = () => ({ globalData: {} });
      return session;
    },
    token: () => store.get('auth_token'),
    lastRequest(method, pathPart) {
      return requests.filter((r) => r.method === method && (!pathPart || r.url.includes(pathPart))).pop();
    },
  };
  return session;
}

/** Wait until no request is in flight and the simulated events have settled. */
async function settle(timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3) {
    // eslint-disable-next-line no-await-in-loop
    await flush(2);
    if (inFlight === 0) quiet += 1;
    else quiet = 0;
    if (Date.now() > until) throw new Error(`requests still in flight after ${timeoutMs} ms`);
    // eslint-disable-next-line no-await-in-loop
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
}

/** Tap the element matching selector and wait for everything it started over the network. */
async function tap(page, selector) {
  find(page, selector).dispatchEvent('tap');
  await settle();
}

/** Type into an input-like element; fires input and change like the real components. */
async function type(page, selector, value) {
  const el = find(page, selector);
  el.dispatchEvent('input', { detail: { value } });
  el.dispatchEvent('change', { detail: { value } });
  await settle();
}

/** Run a page lifecycle call (onLoad/onShow) and wait for its requests. */
async function run(result) {
  await result;
  await settle();
}

module.exports = { api, apiLogin, resetServer, createSession, settle, tap, type, run, baseUrl, httpCall };
