const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('home shows the active campaigns and the directory\'s stations, and a tap opens the quiz', async () => {
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(page.data.loading).toBe(false);
  expect(text(page, '#campaign-5')).toContain('反电信网络诈骗知识月度问答');
  expect(text(page, '#campaign-5')).toContain('2026年11月1日 08:00');
  // The API has no coordinates: no "nearby" heading, no distance, no location asked for.
  expect(text(page, '#stations-title')).toBe('服务站');
  expect(text(page, '#station-10')).toBe('右安门街道网络安全志愿服务站丰台区 北京市丰台区右安门街道');
  expect(text(page, '#station-11')).toContain('海淀区');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({ per_page: '5' });
  expect(env.wx.getLocation).not.toHaveBeenCalled();
  // What 网安联 is, the person's 宝盾, and the running campaign as a banner.
  expect(text(page, '#hero')).toContain('网安联 · 网络安全志愿服务');
  expect(text(page, '#my-points')).toBe('我的宝盾 120');
  expect(text(page, '#featured')).toContain('反电信网络诈骗知识月度问答');
  await tap(page, '#featured');
  expect(env.calls.navigateTo).toEqual(['/pages/quiz/play/index?campaignId=5']);
  env.calls.navigateTo.length = 0;
  await tap(page, '#campaign-5');
  expect(env.calls.navigateTo).toEqual(['/pages/quiz/play/index?campaignId=5']);
  await tap(page, '#station-10');
  expect(env.calls.navigateTo[1]).toBe('/pages/stations/detail/index?id=10');
});

test('a person who came in through a station sees the stations of its district', async () => {
  env.store.set('auth_user', { id: 1, first_station_id: 10 });
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(text(page, '#stations-title')).toBe('丰台区的服务站');
  expect(backend.last('GET', '/api/v1/stations').query).toEqual({ district: '丰台区', per_page: '5' });
  expect(page.querySelector('#station-10')).toBeTruthy();
  expect(page.querySelector('#station-11')).toBeFalsy();
});

test('when the first station\'s district lists nothing, home falls back to the directory', async () => {
  env.store.set('auth_user', { id: 1, first_station_id: 10 });
  backend.state.stations[0].status = 'suspended';
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(text(page, '#stations-title')).toBe('服务站');
  expect(page.querySelector('#station-11')).toBeTruthy();
});

test('home asks for privacy consent until it is given', async () => {
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(page.querySelector('#privacy-banner')).toBeTruthy();
  await tap(page, '#privacy-banner');
  expect(env.calls.navigateTo).toContain('/pages/me/privacy/index');
});

test('home shows the error and retries', async () => {
  backend.on('GET', '/api/v1/quiz-campaigns', () => ({ status: 503, body: { error: { code: 'unavailable', message: '系统维护中', details: {} } } }));
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(page.data.error).toBe('系统维护中');
  expect(text(page, '#state >>> .state--error')).toContain('系统维护中');
  backend.on('GET', '/api/v1/quiz-campaigns', () => ({ status: 200, body: { items: [] } }));
  await tap(page, '#state >>> .state-retry');
  expect(page.data.error).toBe('');
  expect(text(page, '#state >>> .state--empty')).toContain('暂无进行中的问答活动');
  expect(page.querySelector('#featured')).toBeFalsy();
});

test('when the balance cannot be read, the points card still leads to it', async () => {
  backend.on('GET', '/api/v1/me/points', () => ({ status: 503, body: { error: { code: 'database_busy', message: '忙', details: {} } } }));
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(text(page, '#my-points')).toBe('我的宝盾 查看');
  expect(page.data.error).toBe('');
  await tap(page, '#my-points');
  expect(env.calls.navigateTo).toEqual(['/pages/points/index/index']);
});
