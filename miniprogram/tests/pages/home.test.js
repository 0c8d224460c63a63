const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test('home shows the active campaigns and nearby stations, and a tap opens the quiz', async () => {
  const page = renderPage('pages/home/index');
  await page.instance.onLoad({});
  expect(page.data.loading).toBe(false);
  expect(text(page, '#campaign-5')).toContain('反电信网络诈骗知识月度问答');
  expect(text(page, '#campaign-5')).toContain('2026年11月1日 08:00');
  expect(text(page, '#station-10')).toContain('850 米');
  expect(backend.last('GET', '/api/v1/stations').query).toMatchObject({ lat: '39.87', lng: '116.36' });
  await tap(page, '#campaign-5');
  expect(env.calls.navigateTo).toEqual(['/pages/quiz/play/index?campaignId=5']);
  await tap(page, '#station-10');
  expect(env.calls.navigateTo[1]).toBe('/pages/stations/detail/index?id=10');
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
});
