const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('the directory searches by keyword and opens a station', async () => {
  const page = renderPage('pages/stations/list');
  await page.instance.onLoad();
  expect(text(page, '#station-11')).toContain('教育基地 · 海淀区');
  await type(page, '#keyword', '右安门');
  await page.instance.load();
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({ q: '右安门' });
  await tap(page, '#station-10');
  expect(env.calls.navigateTo).toEqual(['/pages/stations/detail/index?id=10']);
});

test('a resident on the station page can apply; no admin entry is shown', async () => {
  const page = renderPage('pages/stations/detail');
  await page.instance.onLoad({ id: '10' });
  expect(text(page, '#station-name')).toBe('右安门街道网络安全志愿服务站');
  expect(page.querySelector('#admin')).toBeFalsy();
  await tap(page, '#apply');
  expect(env.calls.navigateTo).toEqual(['/pages/volunteer/apply/index?stationId=10']);
});

test('the station admin sees the admin entry', async () => {
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const page = renderPage('pages/stations/detail');
  await page.instance.onLoad({ id: '10', fromEntrance: '1' });
  await tap(page, '#admin');
  expect(env.calls.navigateTo).toEqual(['/pages/admin/index/index?stationId=10']);
});

test('an invite code is claimed from the station entrance', async () => {
  const page = renderPage('pages/stations/detail');
  await page.instance.onLoad({ id: '10', fromEntrance: '1' });
  await type(page, '#invite-code', 'INV-BAD');
  await tap(page, '#claim');
  expect(backend.last('POST').data).toEqual({ invite_code: 'INV-BAD' });
  expect(env.calls.toasts).toEqual(['邀请码无效或已被使用']);
});
