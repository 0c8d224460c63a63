// The one wrapper over wx.request. Every service call names its path in template form
// (request({ method: 'GET', path: '/api/v1/stations/{id}', params: { id } })) so that
// scripts/check-api-paths.js can compare the client's paths with the server's OpenAPI document.
const env = require('../config/env');
const storage = require('../utils/storage');

const STATUS_MESSAGES = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新进入小程序',
  403: '没有权限进行此操作',
  404: '要找的内容不存在或已删除',
  409: '操作与当前状态冲突，请刷新后重试',
  413: '上传的文件太大',
  422: '提交的内容有误，请检查后重试',
  429: '操作太频繁，请稍后再试',
};
// The API's messages are English, for developers; what people meet most often is said in Chinese
// here, by the error's stable code. Codes not listed fall back to the server's message.
const CODE_MESSAGES = {
  insufficient_points: '宝盾余额不足',
  out_of_stock: '礼品已兑完',
  limit_reached: '已达到每人限兑数量',
  gift_inactive: '该礼品已下架',
  pickup_code_invalid: '取件码无效、已使用或不属于本站',
  redemption_not_pending: '该兑换已处理，无法取消',
  attempt_already_submitted: '本次答题已提交',
  campaign_closed: '问答活动已结束',
  quiz_start_rate_limited: '操作太频繁，请稍后再试',
  hours_overlap: '与已登记的服务时段重叠',
  record_reviewed: '该记录已处理',
  own_hours: '不能核验自己的时长',
  own_application: '不能审核自己的申请',
  privacy_version_outdated: '隐私保护指引已更新，请重新阅读后提交',
  station_inactive: '该服务站暂停服务',
  entrance_not_found: '二维码已失效或不存在',
  survey_not_found: '问卷不存在',
  answers_invalid: '部分答案无效，请检查后重新提交',
  link_not_for_survey: '问卷链接与问卷不匹配，请重新扫码',
  entrance_rotated: '二维码已更新，请扫描最新的二维码',
  started_at_in_future: '手机时间不准确，请校准后重试',
  settlement_not_found: '结算记录不存在',
};
const SERVER_ERROR_MESSAGE = '服务器开小差了，请稍后再试';
const NETWORK_ERROR_MESSAGE = '网络不给力，请检查网络后重试';
const TIMEOUT_MESSAGE = '请求超时，请稍后重试';
const LOGIN_FAILED_MESSAGE = '微信登录失败，请稍后重试';

class ApiError extends Error {
  constructor({ status = 0, code = 'unknown_error', message, details = {} }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

function fillPath(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null || value === '') {
      throw new Error(`missing path parameter "${name}" for ${template}`);
    }
    return encodeURIComponent(String(value));
  });
}

function queryString(query = {}) {
  const parts = Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== null && query[key] !== '')
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(String(query[key]))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function buildUrl(path, params, query) {
  return `${env.baseUrl()}${fillPath(path, params)}${queryString(query)}`;
}

/** Turn an HTTP answer that is not 2xx into an ApiError with a readable Chinese message. */
function errorFromResponse(statusCode, body) {
  const error = body && typeof body === 'object' && body.error ? body.error : null;
  const known = error && CODE_MESSAGES[error.code];
  let message = known || (error && typeof error.message === 'string' && error.message.trim()
    ? error.message.trim()
    : STATUS_MESSAGES[statusCode] || (statusCode >= 500 ? SERVER_ERROR_MESSAGE : `请求失败（${statusCode}）`));
  const details = (error && error.details) || {};
  // Per-field messages of a 400/422 are more helpful than a generic line: show the first one.
  if (!known && (!error || !error.message)) {
    const fields = details.fields || details;
    const first = fields && typeof fields === 'object' && Object.values(fields).find((v) => typeof v === 'string' || Array.isArray(v));
    if (first) message = Array.isArray(first) ? String(first[0]) : first;
  }
  return new ApiError({
    status: statusCode,
    code: (error && error.code) || `http_${statusCode}`,
    message,
    details,
  });
}

function errorFromFailure(err) {
  const text = (err && err.errMsg) || '';
  if (/timeout/i.test(text)) {
    return new ApiError({ code: 'timeout', message: TIMEOUT_MESSAGE, details: { errMsg: text } });
  }
  return new ApiError({ code: 'network_error', message: NETWORK_ERROR_MESSAGE, details: { errMsg: text } });
}

function rawRequest({ method, url, data, header }) {
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method,
      data,
      header,
      timeout: env.REQUEST_TIMEOUT_MS,
      dataType: 'json',
      success: (res) => resolve(res),
      fail: (err) => reject(errorFromFailure(err)),
    });
  });
}

function wxLoginCode() {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => (res && res.code ? resolve(res.code)
        : reject(new ApiError({ code: 'wx_login_failed', message: LOGIN_FAILED_MESSAGE }))),
      fail: (err) => reject(new ApiError({ code: 'wx_login_failed', message: LOGIN_FAILED_MESSAGE, details: { errMsg: err && err.errMsg } })),
    });
  });
}

let loginInFlight = null;

/**
 * Log in through wx.login → POST /api/v1/auth/wechat/login, carrying the entry scene if any.
 * Concurrent callers share one login. Resolves to {token, expires_in, user}.
 */
function login({ scene } = {}) {
  if (loginInFlight) return loginInFlight;
  const sceneToSend = scene || storage.getScene() || undefined;
  loginInFlight = (async () => {
    const code = await wxLoginCode();
    const data = sceneToSend ? { code, scene: sceneToSend } : { code };
    const result = await request({ method: 'POST', path: '/api/v1/auth/wechat/login', data, auth: false });
    storage.setToken(result.token);
    if (result.user) storage.setUser(result.user);
    return result;
  })();
  const clear = () => { loginInFlight = null; };
  loginInFlight.then(clear, clear);
  return loginInFlight;
}

/**
 * Call the API. `path` is the template form of the path; `params` fill its {names}.
 * auth: send the bearer token (logging in first if there is none); on a 401 log in again and
 * retry once. Resolves to the response body; rejects with ApiError.
 */
async function request({ method = 'GET', path, params, query, data, header = {}, auth = true, retried = false }) {
  const url = buildUrl(path, params, query);
  const headers = { 'Content-Type': 'application/json', ...header };
  if (auth) {
    let token = storage.getToken();
    if (!token) token = (await login()).token;
    headers.Authorization = `Bearer ${token}`;
  }
  const res = await rawRequest({ method, url, data, header: headers });
  if (res.statusCode >= 200 && res.statusCode < 300) {
    return res.data === '' ? null : res.data;
  }
  if (res.statusCode === 401 && auth && !retried) {
    storage.clearToken();
    await login();
    return request({ method, path, params, query, data, header, auth, retried: true });
  }
  throw errorFromResponse(res.statusCode, res.data);
}

/** Upload one local file with wx.uploadFile (multipart), with the same auth and error rules. */
async function upload({ path, params, filePath, name = 'file', formData = {}, retried = false }) {
  let token = storage.getToken();
  if (!token) token = (await login()).token;
  const res = await new Promise((resolve, reject) => {
    wx.uploadFile({
      url: buildUrl(path, params),
      filePath,
      name,
      formData,
      header: { Authorization: `Bearer ${token}` },
      success: resolve,
      fail: (err) => reject(errorFromFailure(err)),
    });
  });
  let body = res.data;
  try {
    body = typeof body === 'string' && body ? JSON.parse(body) : body;
  } catch (err) {
    body = null;
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return body;
  if (res.statusCode === 401 && !retried) {
    storage.clearToken();
    await login();
    return upload({ path, params, filePath, name, formData, retried: true });
  }
  throw errorFromResponse(res.statusCode, body);
}

/** Download a file the API serves only with the bearer token (evidence photos) to a local
 *  temporary path for <image>; resolves to that path. */
async function download({ path, params, retried = false }) {
  let token = storage.getToken();
  if (!token) token = (await login()).token;
  const res = await new Promise((resolve, reject) => {
    wx.downloadFile({
      url: buildUrl(path, params),
      header: { Authorization: `Bearer ${token}` },
      success: resolve,
      fail: (err) => reject(errorFromFailure(err)),
    });
  });
  if (res.statusCode >= 200 && res.statusCode < 300) return res.tempFilePath;
  if (res.statusCode === 401 && !retried) {
    storage.clearToken();
    await login();
    return download({ path, params, retried: true });
  }
  throw errorFromResponse(res.statusCode, null);
}

/** A fresh key for one user action (one tap), sent as the Idempotency-Key header. */
function newIdempotencyKey() {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `${Date.now().toString(16)}-${random()}-${random()}-${random()}`;
}

/** Best message to show a person for any thrown value. */
function messageOf(err) {
  if (err && err.name === 'ApiError') return err.message;
  return (err && err.message) || '出了点问题，请稍后再试';
}

function logout() {
  storage.clearToken();
  storage.clearUser();
}

module.exports = {
  request,
  upload,
  download,
  login,
  logout,
  ApiError,
  messageOf,
  newIdempotencyKey,
  fillPath,
  queryString,
  errorFromResponse,
  CODE_MESSAGES,
  NETWORK_ERROR_MESSAGE,
  TIMEOUT_MESSAGE,
  SERVER_ERROR_MESSAGE,
};
