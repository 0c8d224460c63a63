const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
});

test('held highlights show the content check verdict and are approved or hidden', async () => {
  const page = renderPage('pages/admin/highlights');
  await page.instance.onLoad({ stationId: '10' });
  expect(backend.last('GET', '/api/v1/stations/10/highlights').query).toEqual({ status: 'held' });
  expect(text(page, '#verdict-70')).toBe('内容检测：文字：通过，图片：检测中');
  expect(text(page, '#verdict-71')).toBe('内容检测：文字：需人工复核，图片：无');
  // The held photo is fetched with the admin's token, not shown by a public URL.
  expect(env.wx.downloadFile.mock.calls[0][0].url).toBe('http://127.0.0.1:5000/api/v1/highlights/70/image');
  await tap(page, '#approve-71');
  expect(backend.last('POST').data).toEqual({ action: 'approve' });
  expect(page.querySelector('#highlight-71')).toBeFalsy();
  await tap(page, '#hide-70');
  expect(backend.last('POST').path).toBe('/api/v1/highlights/70/moderate');
  expect(text(page, '#state')).toContain('没有待审核的风采');
});

test('a photo WeChat found risky cannot be approved; the reason is shown', async () => {
  backend.state.highlights[0].image_check = 'risky';
  const page = renderPage('pages/admin/highlights');
  await page.instance.onLoad({ stationId: '10' });
  await tap(page, '#approve-70');
  expect(env.calls.toasts).toEqual(['图片未通过内容检测，不能公开']);
  expect(page.querySelector('#highlight-70')).toBeTruthy();
});
