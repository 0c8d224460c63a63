// The web console's scan-to-login against the real API: a browser (this test, over HTTP) asks for
// a ticket, the admin's mini-program opens the scene through the entry page, the confirm page
// confirms, and the browser's poll returns a console token exactly once.
const { renderPage, text } = require('../helpers/render');
const { api, resetServer, createSession, tap, run } = require('./harness');

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
let demo;
beforeAll(async () => { demo = await resetServer(); });

function askForTicket() {
  return api('POST', '/api/v1/console/login-tickets', { header: { 'User-Agent': BROWSER } });
}

test('a station admin scans, sees the request and confirms; the poll returns a token once', async () => {
  const ticket = await askForTicket();
  expect((await api('GET', `/api/v1/console/login-tickets/${ticket.ticket}`)).status).toBe('pending');

  const admin = createSession(demo.users.station_admin.openid).use();
  const entry = renderPage('pages/entry/index');
  await run(entry.instance.onLoad({ scene: encodeURIComponent(ticket.scene) }));
  const url = `/pages/console/confirm/index?scene=${ticket.scene}`;
  expect(admin.calls.redirectTo).toEqual([url]);

  const page = renderPage('pages/console/confirm');
  await run(page.instance.onLoad({ scene: ticket.scene }));
  expect(text(page, '#title')).toBe('在电脑上登录网安联管理台？');
  expect(text(page, '#role')).toBe('服务站管理员');
  expect(text(page, '#browser')).toBe('Chrome 120 · Windows');
  expect(text(page, '#address')).toBe('127.0.0.1');
  expect(text(page, '#requested-at')).toMatch(/^\d{4}年\d+月\d+日 \d{2}:\d{2}$/);
  await tap(page, '#confirm');
  expect(text(page, '#done')).toContain('请在电脑上继续操作');

  const first = await api('GET', `/api/v1/console/login-tickets/${ticket.ticket}`);
  expect(first.status).toBe('confirmed');
  expect(first.user.id).toBe(demo.users.station_admin.id);
  const second = await api('GET', `/api/v1/console/login-tickets/${ticket.ticket}`);
  expect(second.status).toBe('used');
  expect(second.token).toBeUndefined();
  const me = await api('GET', '/api/v1/me', { token: first.token });
  expect(me.id).toBe(demo.users.station_admin.id);
  const sessions = await api('GET', '/api/v1/me/sessions', { token: first.token });
  expect(sessions.find((s) => s.current).kind).toBe('console');
});

test('a resident who scans is refused and the ticket stays pending', async () => {
  const ticket = await askForTicket();
  createSession(demo.users.resident.openid).use();
  const page = renderPage('pages/console/confirm');
  await run(page.instance.onLoad({ scene: ticket.scene }));
  expect(text(page, '#role')).toBe('普通用户（非管理员）');
  await tap(page, '#confirm');
  expect(text(page, '#refusal')).toContain('只有服务站、协会或网安联的管理员可以登录管理台');
  expect(text(page, '#done')).toBeNull();
  const polled = await api('GET', `/api/v1/console/login-tickets/${ticket.ticket}`);
  expect(polled.status).toBe('pending');
  expect(polled.token).toBeUndefined();
});
