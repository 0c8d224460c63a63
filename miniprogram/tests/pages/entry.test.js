const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, text, tap } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend });
});

test.each([
  ['st-10', '/pages/stations/detail/index?id=10&fromEntrance=1'],
  ['ac-7', '/pages/volunteer/activities/index?activityId=7&checkin=1&scene=ac-7'],
  ['SV3ST10', '/pages/survey/fill/index?id=3&scene=SV3ST10'],
  ['qc-5', '/pages/quiz/play/index?campaignId=5'],
])('a scanned scene %s is resolved and routed to %s', async (scene, url) => {
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({ scene: encodeURIComponent(scene) });
  expect(backend.last('GET').path).toBe(`/api/v1/entrances/${scene}`);
  expect(env.calls.redirectTo).toEqual([url]);
});

test('the scene is URL-decoded and the login carries it', async () => {
  backend.state.entrances['st-10:a/b'] = { kind: 'station', target_id: 10 };
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({ scene: 'st-10%3Aa%2Fb' });
  expect(backend.last('POST', '/api/v1/auth/wechat/login').data).toEqual({ code: 'test-resident01', scene: 'st-10:a/b' });
  expect(backend.last('GET').path).toBe('/api/v1/entrances/st-10%3Aa%2Fb');
  expect(env.store.get('entry_scene')).toBe('st-10:a/b');
  expect(env.calls.redirectTo).toEqual(['/pages/stations/detail/index?id=10&fromEntrance=1']);
});

test('a share link carries the scene as s', async () => {
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({ s: 'qc-5' });
  expect(env.calls.redirectTo).toEqual(['/pages/quiz/play/index?campaignId=5']);
});

test('an unknown scene shows the server message and a way home', async () => {
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({ scene: 'zz-404' });
  expect(text(page, '#state >>> .state--error')).toContain('二维码已失效或不存在');
  expect(env.calls.redirectTo).toEqual([]);
  await tap(page, '#go-home');
  expect(env.calls.switchTab).toEqual(['/pages/home/index/index']);
});

test('no scene at all is an error, not a request', async () => {
  const page = renderPage('pages/entry/index');
  await page.instance.onLoad({});
  expect(page.data.error).toBe('二维码内容无法识别');
  expect(backend.requests).toHaveLength(0);
});
