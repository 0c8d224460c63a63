const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('the gift mall lists gifts with prices and the balance, and a tap opens a gift', async () => {
  const page = renderPage('pages/gifts/list');
  await page.instance.onLoad();
  expect(text(page, '#balance')).toBe('120');
  expect(text(page, '#gift-3')).toContain('100 宝盾');
  expect(text(page, '#gift-3')).toContain('库存 20 · 北京网络空间安全协会支持');
  await tap(page, '#gift-3');
  expect(env.calls.navigateTo).toEqual(['/pages/gifts/detail/index?id=3']);
});

test('redeeming sends a new Idempotency-Key per tap and opens my redemptions', async () => {
  const page = renderPage('pages/gifts/detail');
  await page.instance.onLoad({ id: '3' });
  expect(text(page, '#gift-name')).toBe('反诈主题帆布袋');
  expect(text(page, '#pickup-10')).toContain('右安门街道网络安全志愿服务站');
  await tap(page, '#redeem');
  const first = backend.last('POST', '/api/v1/gifts/3/redemptions');
  expect(first.data).toEqual({ quantity: 1, pickup_station_id: 10 });
  expect(first.header['Idempotency-Key']).toMatch(/^[0-9a-f]+-[0-9a-f]{8}-/);
  expect(env.calls.redirectTo[0]).toMatch(/^\/pages\/gifts\/redemptions\/index\?highlight=\d+$/);
  await tap(page, '#redeem');
  const second = backend.last('POST', '/api/v1/gifts/3/redemptions');
  expect(second.header['Idempotency-Key']).not.toBe(first.header['Idempotency-Key']);
  expect(env.calls.toasts).toContain('宝盾余额不足');
});

test('my redemptions show the pickup code as a QR code and in large type, and can be cancelled', async () => {
  const detail = renderPage('pages/gifts/detail');
  await detail.instance.onLoad({ id: '3' });
  await tap(detail, '#redeem');
  const id = backend.state.redemptions[0].id;
  const page = renderPage('pages/gifts/redemptions');
  await page.instance.onLoad();
  expect(text(page, `#code-${id}`)).toBe('K7Q2M9');
  expect(page.querySelector(`#redemption-${id}`).dom.innerHTML).toContain('t-qrcode');
  expect(text(page, `#redemption-${id}`)).toContain('待领取');
  expect(text(page, `#redemption-${id}`)).toContain('领取地点：右安门街道网络安全志愿服务站');
  expect(text(page, `#redemption-${id}`)).toContain('2026年11月29日 14:30');
  await tap(page, `#cancel-${id}`);
  expect(backend.last('POST').path).toBe(`/api/v1/redemptions/${id}/cancel`);
  expect(text(page, `#redemption-${id}`)).toContain('已取消');
});

test('no redemptions shows the empty state', async () => {
  const page = renderPage('pages/gifts/redemptions');
  await page.instance.onLoad();
  expect(text(page, '#state >>> .state--empty')).toContain('还没有兑换记录');
});

test('points page shows the balance and signed history in Shanghai time', async () => {
  const page = renderPage('pages/points/index');
  await page.instance.onLoad();
  expect(text(page, '#balance')).toBe('120');
  expect(text(page, '#entry-1')).toContain('+15');
  expect(text(page, '#entry-2')).toContain('-100');
  expect(text(page, '#entry-2')).toContain('2026年11月22日 14:30');
});
