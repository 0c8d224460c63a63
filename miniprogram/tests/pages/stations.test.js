const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type, flush } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('the directory searches by keyword and opens a station', async () => {
  const page = renderPage('pages/stations/list');
  await page.instance.onLoad();
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({});
  expect(text(page, '#station-11')).toBe('首都师范大学附中网络安全教育基地教育基地 · 海淀区');
  expect(text(page, '#station-10')).toBe('右安门街道网络安全志愿服务站服务站 · 丰台区');
  await type(page, '#keyword', ' 右安门 ');
  await tap(page, '#search');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({ q: '右安门' });
  expect(page.querySelector('#station-11')).toBeFalsy();
  await type(page, '#keyword', '海淀');
  page.querySelector('#keyword').dispatchEvent('confirm', { detail: { value: '海淀' } });
  await flush();
  expect(page.querySelector('#station-10')).toBeFalsy();
  await tap(page, '#station-11');
  await type(page, '#keyword', '没有这个站');
  await tap(page, '#search');
  expect(text(page, '#state')).toContain('没有找到服务站');
  await type(page, '#keyword', '');
  await tap(page, '#search');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({});
  await tap(page, '#station-10');
  expect(env.calls.navigateTo).toEqual(['/pages/stations/detail/index?id=11', '/pages/stations/detail/index?id=10']);
});

test('离我最近 asks for the location on a tap and lists the nearest first with distances', async () => {
  const page = renderPage('pages/stations/list');
  await page.instance.onLoad();
  expect(env.wx.getLocation).not.toHaveBeenCalled();
  expect(text(page, '#station-10')).not.toContain('米');
  await tap(page, '#nearby');
  expect(env.wx.getLocation.mock.calls[0][0].type).toBe('gcj02');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({ near: '39.870000,116.360000' });
  // (39.868, 116.356) is about 400 m from (39.87, 116.36); station 11 has no coordinates.
  expect(text(page, '#station-10')).toMatch(/丰台区 · \d{3} 米$/);
  expect(text(page, '#station-11')).toBe('首都师范大学附中网络安全教育基地教育基地 · 海淀区');
  expect(text(page, '#nearby')).toContain('已开启');
  await tap(page, '#nearby');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({});
});

test('declining the location lists the stations as before, with a note', async () => {
  env.wx.getLocation = jest.fn(({ fail }) => fail({ errMsg: 'getLocation:fail auth deny' }));
  const page = renderPage('pages/stations/list');
  await page.instance.onLoad();
  await tap(page, '#nearby');
  expect(env.calls.toasts).toEqual(['未获得位置，按区县列出服务站']);
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({});
  expect(page.querySelector('#station-10')).toBeTruthy();
});

test('a resident on the station page can apply; no admin entry is shown', async () => {
  const page = renderPage('pages/stations/detail');
  await page.instance.onLoad({ id: '10' });
  expect(text(page, '#station-name')).toBe('右安门街道网络安全志愿服务站');
  expect(text(page, '#opening-hours')).toBe('开放时间：周一至周五 9:00-17:00');
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
