// The web console's scan-to-login confirm page (扫码登录), reached from the entry page.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, text, tap } = require('../helpers/render');
const { describeBrowser, roleLabel } = require('../../utils/console');

const SCENE = 'K3X9AB7Q';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
let backend;
let env;

function consoleEntrance(status = 'pending') {
  return {
    kind: 'console_login', target_id: 9, station_id: null, status: 'active', station: null,
    details: { status, requested_at: '2026-12-06T01:30:00+08:00', expires_at: '2026-12-06T01:32:00+08:00', user_agent: CHROME, ip: '203.0.113.7' },
  };
}

function setUp(loginCode, status) {
  backend = createBackend();
  backend.state.entrances[SCENE] = consoleEntrance(status);
  backend.on('POST', '/api/v1/console/login-tickets/{scene}/confirm', (req, user) => {
    const admin = (user.roles || []).some((r) => ['station_admin', 'association_admin', 'union_admin'].includes(r && r.role));
    if (!admin) return { status: 403, body: { error: { code: 'console_admin_only', message: '只有服务站、协会或网安联的管理员可以登录管理台。', details: {} } } };
    return { status: 200, body: { status: 'confirmed' } };
  });
  env = installWx({ backend, loginCode });
}

test('the entry page routes a console_login scene to the confirm page', async () => {
  setUp('test-stationadmin01');
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({ scene: SCENE });
  expect(env.calls.redirectTo).toEqual([`/pages/console/confirm/index?scene=${SCENE}`]);
});

test('an admin sees who logs in, when, from which browser and address, and confirms', async () => {
  setUp('test-stationadmin01');
  const page = renderPage('pages/console/confirm');
  await page.instance.onLoad({ scene: SCENE });
  expect(text(page, '#title')).toBe('在电脑上登录网安联管理台？');
  expect(text(page, '#account')).toBe('站长老周');
  expect(text(page, '#role')).toBe('服务站管理员');
  expect(text(page, '#requested-at')).toBe('2026年12月6日 01:30');
  expect(text(page, '#browser')).toBe('Chrome 120 · Windows');
  expect(text(page, '#address')).toBe('203.0.113.7');
  await tap(page, '#confirm');
  expect(backend.last('POST', `/api/v1/console/login-tickets/${SCENE}/confirm`).header.Authorization).toBe('Bearer tok-stationadmin01');
  expect(text(page, '#done')).toContain('请在电脑上继续操作');
  expect(text(page, '#confirm')).toBeNull();
});

test('a resident is shown the refusal and nothing is confirmed for them', async () => {
  setUp('test-resident01');
  const page = renderPage('pages/console/confirm');
  await page.instance.onLoad({ scene: SCENE });
  expect(text(page, '#role')).toBe('普通用户（非管理员）');
  await tap(page, '#confirm');
  expect(text(page, '#refusal')).toContain('只有服务站、协会或网安联的管理员可以登录管理台');
  expect(text(page, '#done')).toBeNull();
  expect(text(page, '#confirm')).toBeNull();
});

test('a lost connection keeps the confirm button for another try', async () => {
  setUp('test-stationadmin01');
  const page = renderPage('pages/console/confirm');
  await page.instance.onLoad({ scene: SCENE });
  backend.on('POST', '/api/v1/console/login-tickets/{scene}/confirm', () => ({ status: 503, body: { error: { code: 'service_unavailable', message: '服务暂不可用', details: {} } } }));
  await tap(page, '#confirm');
  expect(text(page, '#refusal')).toBeTruthy();
  expect(text(page, '#confirm')).not.toBeNull();
});

test('an expired code says so and offers no confirm button', async () => {
  setUp('test-assocadmin01', 'expired');
  const page = renderPage('pages/console/confirm');
  await page.instance.onLoad({ scene: SCENE });
  expect(text(page, '#note')).toContain('登录码已过期');
  expect(text(page, '#confirm')).toBeNull();
  await tap(page, '#close');
  expect(env.calls.switchTab).toEqual(['/pages/home/index/index']);
});

test('cancel goes home without confirming', async () => {
  setUp('test-assocadmin01');
  const page = renderPage('pages/console/confirm');
  await page.instance.onLoad({ scene: SCENE });
  await tap(page, '#cancel');
  expect(env.calls.switchTab).toEqual(['/pages/home/index/index']);
  expect(backend.requests.filter((r) => r.method === 'POST' && r.path.includes('/confirm'))).toHaveLength(0);
});

test('browsers and roles are described for people', () => {
  expect(describeBrowser('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15')).toBe('Safari 17 · macOS');
  expect(describeBrowser('Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36 Edg/120.0')).toBe('Edge 120 · Windows');
  expect(describeBrowser('')).toBe('未知浏览器');
  expect(roleLabel({ roles: [{ role: 'station_admin' }, { role: 'union_admin' }] })).toBe('网安联管理员、服务站管理员');
});
