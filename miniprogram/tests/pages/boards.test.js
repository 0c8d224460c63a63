const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-volunteer01' });
});

test('a station\'s boards: 宝盾, hours and the running campaign, with my own place', async () => {
  const page = renderPage('pages/boards/index');
  await page.instance.onLoad({ stationId: '10' });
  expect(backend.last('GET', '/api/v1/stations/10/leaderboards/points')).toBeTruthy();
  expect(text(page, '#rank-1')).toBe('1志愿者小李630 宝盾');
  expect(text(page, '#me')).toBe('我的排名：第 1 名 · 630 宝盾');
  await tap(page, '#tab-hours');
  expect(text(page, '#rank-1')).toBe('1志愿者小李105 小时');
  await tap(page, '#tab-quiz');
  expect(text(page, '#campaign')).toBe('反电信网络诈骗知识月度问答');
  expect(text(page, '#rank-1')).toBe('1居民小王答对 15 题');
  expect(text(page, '#me')).toBe('答对一题即可上榜');
});

test('the station page opens its boards', async () => {
  const page = renderPage('pages/stations/detail');
  await page.instance.onLoad({ id: '10' });
  await tap(page, '#boards');
  expect(env.calls.navigateTo).toEqual(['/pages/boards/index/index?stationId=10']);
});
