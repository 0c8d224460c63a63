// The station admin's own tools: the roster, the entrance code full-screen, and the station's gifts.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
});

test('the roster lists number, name, verified hours and stars; a minor stays masked', async () => {
  const page = renderPage('pages/admin/roster');
  await page.instance.onLoad({});
  expect(backend.last('GET', '/api/v1/stations/10/roster')).toBeTruthy();
  expect(text(page, '#count')).toBe('共 2 名志愿者');
  expect(text(page, '#volunteer-2')).toContain('李四 · BJ-FT-0001');
  expect(text(page, '#volunteer-2')).toContain('105 小时');
  expect(text(page, '#volunteer-2')).toContain('138****5678');
  expect(text(page, '#volunteer-8')).toContain('王*');
  await tap(page, '#volunteer-8');
  expect(env.wx.makePhoneCall).not.toHaveBeenCalled();
  await tap(page, '#volunteer-2');
  expect(env.wx.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '13800005678' });
});

test('the entrance code is fetched with the admin\'s token and shown with the station\'s name', async () => {
  const page = renderPage('pages/admin/code');
  await page.instance.onLoad({ stationId: '10' });
  const call = env.wx.downloadFile.mock.calls[0][0];
  expect(call.url).toBe('http://127.0.0.1:5000/api/v1/stations/10/qrcode');
  expect(call.header.Authorization).toMatch(/^Bearer /);
  expect(text(page, '#station-name')).toBe('右安门街道网络安全志愿服务站');
  expect(page.data.code).toMatch(/^wxfile:\/\/tmp\//);
});

test('the station\'s gifts: stock, a restock with its own key, and what waits for pickup', async () => {
  backend.state.redemptions.push({ id: 40, gift_id: 3, gift_name: '反诈主题帆布袋', user_id: 1, pickup_station_id: 10, quantity: 1, points_spent: 100, status: 'pending_pickup', pickup_code: 'K7Q2M9', created_at: '2026-11-22T10:00:00+08:00', expires_at: '2026-12-06T10:00:00+08:00' });
  const page = renderPage('pages/admin/gifts');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#gift-3')).toContain('库存 20');
  expect(text(page, '#waiting-40')).toContain('反诈主题帆布袋 × 1');
  expect(text(page, '#waiting-40')).not.toContain('K7Q2M9');
  env.wx.modalAnswer = { confirm: true, content: '10' };
  await tap(page, '#gift-3');
  const sent = backend.last('POST', '/api/v1/gifts/3/stock-adjustments');
  expect(sent.data).toEqual({ delta: 10 });
  expect(sent.header['Idempotency-Key']).toBeTruthy();
  expect(text(page, '#gift-3')).toContain('库存 30');
  env.wx.modalAnswer = { confirm: true, content: '-50' };
  await tap(page, '#gift-3');
  expect(env.calls.toasts).toContain('库存不能小于 0');
  env.wx.modalAnswer = { confirm: true, content: '1.5' };
  await tap(page, '#gift-3');
  expect(env.calls.toasts).toContain('请填写不为 0 的整数');
});

test('a resident opening the station tools is turned back', async () => {
  env = installWx({ backend, loginCode: 'test-resident01' });
  for (const path of ['pages/admin/roster', 'pages/admin/code', 'pages/admin/gifts']) {
    const page = renderPage(path);
    // eslint-disable-next-line no-await-in-loop
    await page.instance.onLoad({});
    expect(text(page, '#state')).toContain('仅服务站管理员可进入');
  }
});
