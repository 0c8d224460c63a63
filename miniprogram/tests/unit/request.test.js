const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');

let backend;
let env;
let api;

beforeEach(() => {
  jest.resetModules();
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-resident01' });
  api = require('../../services/request');
});

test('logs in first when there is no token, then sends the bearer token', async () => {
  const me = await api.request({ method: 'GET', path: '/api/v1/me' });
  expect(me.id).toBe(1);
  expect(env.wx.login).toHaveBeenCalledTimes(1);
  const login = backend.last('POST', '/api/v1/auth/wechat/login');
  expect(login.data).toEqual({ code: 'test-resident01' });
  expect(backend.last('GET', '/api/v1/me').header.Authorization).toBe('Bearer tok-resident01');
  expect(env.store.get('auth_token')).toBe('tok-resident01');
});

test('uses the base URL of the develop environment and fills path templates', async () => {
  env.store.set('auth_token', 'tok-resident01');
  await api.request({ method: 'GET', path: '/api/v1/stations/{id}', params: { id: 10 }, query: { q: '右安门', empty: '' } });
  const sent = env.wx.request.mock.calls[0][0];
  expect(sent.url).toBe('http://127.0.0.1:5000/api/v1/stations/10?q=%E5%8F%B3%E5%AE%89%E9%97%A8');
  expect(sent.method).toBe('GET');
});

test('the login carries the entry scene kept in storage', async () => {
  env.store.set('entry_scene', 'st-10');
  await api.login();
  expect(backend.last('POST', '/api/v1/auth/wechat/login').data).toEqual({ code: 'test-resident01', scene: 'st-10' });
});

test('a 401 logs in again through wx.login and retries once', async () => {
  env.store.set('auth_token', 'tok-stale');
  const me = await api.request({ method: 'GET', path: '/api/v1/me' });
  expect(me.nickname).toBe('居民小王');
  expect(env.wx.login).toHaveBeenCalledTimes(1);
  const meCalls = backend.requests.filter((r) => r.path === '/api/v1/me');
  expect(meCalls.map((r) => r.header.Authorization)).toEqual(['Bearer tok-stale', 'Bearer tok-resident01']);
});

test('a second 401 after the retry is not retried again and surfaces as an error', async () => {
  env.store.set('auth_token', 'tok-stale');
  backend.on('GET', '/api/v1/me', () => ({ status: 401, body: { error: { code: 'unauthorized', message: '登录已过期', details: {} } } }), { auth: false });
  await expect(api.request({ method: 'GET', path: '/api/v1/me' })).rejects.toMatchObject({ status: 401, message: '登录已过期' });
  expect(env.wx.login).toHaveBeenCalledTimes(1);
  expect(backend.requests.filter((r) => r.path === '/api/v1/me')).toHaveLength(2);
});

test('concurrent 401s share one login', async () => {
  env.store.set('auth_token', 'tok-stale');
  await Promise.all([
    api.request({ method: 'GET', path: '/api/v1/me' }),
    api.request({ method: 'GET', path: '/api/v1/me/points' }),
  ]);
  expect(env.wx.login).toHaveBeenCalledTimes(1);
});

test('the server error.message is shown as is, with code and details kept', async () => {
  env.store.set('auth_token', 'tok-resident01');
  backend.state.users.resident01.points_balance = 0;
  const error = await api.request({
    method: 'POST', path: '/api/v1/gifts/{id}/redemptions', params: { id: 3 },
    data: { quantity: 1, pickup_station_id: 10 }, header: { 'Idempotency-Key': 'k1' },
  }).catch((e) => e);
  expect(error).toBeInstanceOf(api.ApiError);
  expect(error).toMatchObject({ status: 409, code: 'insufficient_points', message: '宝盾余额不足' });
});

test('an error without a message gets a Chinese message for its status', () => {
  expect(api.errorFromResponse(429, '').message).toBe('操作太频繁，请稍后再试');
  expect(api.errorFromResponse(403, { error: { code: 'forbidden' } }).message).toBe('没有权限进行此操作');
  expect(api.errorFromResponse(502, '<html>bad gateway</html>').message).toBe('服务器开小差了，请稍后再试');
  expect(api.errorFromResponse(422, { error: { code: 'validation_error', details: { fields: { phone: ['手机号格式不对'] } } } }).message).toBe('手机号格式不对');
});

test('a network failure becomes a readable network error', async () => {
  env.store.set('auth_token', 'tok-resident01');
  backend.on('GET', '/api/v1/stations', () => ({ fail: 'request:fail errcode:-101 cronet_error_code:-101' }), { auth: false });
  await expect(api.request({ method: 'GET', path: '/api/v1/stations', auth: false }))
    .rejects.toMatchObject({ code: 'network_error', message: '网络不给力，请检查网络后重试' });
});

test('a timeout says so', async () => {
  backend.on('GET', '/api/v1/stations', () => ({ fail: 'request:fail timeout' }), { auth: false });
  await expect(api.request({ method: 'GET', path: '/api/v1/stations', auth: false }))
    .rejects.toMatchObject({ code: 'timeout', message: '请求超时，请稍后重试' });
});

test('a failed wx.login is reported in Chinese', async () => {
  env.wx.login.mockImplementation(({ fail }) => fail({ errMsg: 'login:fail' }));
  await expect(api.request({ method: 'GET', path: '/api/v1/me' })).rejects.toMatchObject({ code: 'wx_login_failed', message: '微信登录失败，请稍后重试' });
});

test('a login code the server refuses shows the server message', async () => {
  env.wx.login.mockImplementation(({ success }) => success({ code: 'bad' }));
  await expect(api.request({ method: 'GET', path: '/api/v1/me' })).rejects.toMatchObject({ status: 400, message: '微信登录凭证无效，请重新进入小程序' });
});

test('the trial and release environments use their own base URLs', () => {
  jest.resetModules();
  installWx({ backend, envVersion: 'release' });
  expect(require('../../config/env').baseUrl()).toBe('https://api.wanganlian.example');
  jest.resetModules();
  installWx({ backend, envVersion: 'trial' });
  expect(require('../../config/env').baseUrl()).toBe('https://trial.api.wanganlian.example');
});

test('idempotency keys differ per call', () => {
  const keys = new Set(Array.from({ length: 50 }, () => api.newIdempotencyKey()));
  expect(keys.size).toBe(50);
});

test('an error code people meet often is said in Chinese, whatever the server wrote', () => {
  const { errorFromResponse } = require('../../services/request');
  const e = errorFromResponse(409, { error: { code: 'insufficient_points', message: 'Not enough points.', details: {} } });
  expect(e.message).toBe('宝盾余额不足');
  expect(e.code).toBe('insufficient_points');
  const other = errorFromResponse(409, { error: { code: 'something_new', message: '服务器的说明', details: {} } });
  expect(other.message).toBe('服务器的说明');
});
