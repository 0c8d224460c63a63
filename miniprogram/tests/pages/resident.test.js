const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-volunteer01' });
});

test('me shows points, verified hours and stars, and opens my data', async () => {
  const page = renderPage('pages/me/index');
  await page.instance.onLoad();
  expect(text(page, '#summary')).toBe('宝盾 630 · 已核验 105 小时 · ★☆☆☆☆');
  expect(page.querySelector('#to-admin')).toBeFalsy();
  await tap(page, '#to-data');
  expect(env.calls.navigateTo).toEqual(['/pages/me/data/index']);
});

test('privacy consent is recorded with its version', async () => {
  const page = renderPage('pages/me/privacy');
  page.instance.onLoad();
  await tap(page, '#accept');
  expect(backend.last('POST', '/api/v1/me/privacy-consent').data).toEqual({ version: '2026-11-01' });
  expect(env.store.get('privacy_accepted_version')).toBe('2026-11-01');
  expect(page.querySelector('#accepted')).toBeTruthy();
});

test('my data is exported, and the account deleted after confirming', async () => {
  const page = renderPage('pages/me/data');
  await tap(page, '#export');
  expect(JSON.parse(env.wx.setClipboardData.mock.calls[0][0].data).user.id).toBe(2);
  await tap(page, '#delete');
  expect(backend.last('DELETE').path).toBe('/api/v1/me');
  expect(env.store.has('auth_token')).toBe(false);
  expect(env.calls.reLaunch).toEqual(['/pages/home/index/index']);
});

test('a help request is filed with its category; a missing description shows the server message', async () => {
  const page = renderPage('pages/help/report');
  page.instance.onLoad({ stationId: '10' });
  await tap(page, '#cat-personal_information_leak');
  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['请描述遇到的问题']);
  await type(page, '#description', '收到冒充客服的退款电话');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/help-requests').data).toEqual({ category: 'personal_information_leak', description: '收到冒充客服的退款电话', station_id: 10 });
});

test('the survey is answered and sent with its link scene', async () => {
  const page = renderPage('pages/survey/fill');
  await page.instance.onLoad({ id: '3', scene: 'sv-3-10' });
  expect(text(page, '#survey-title')).toBe('2026年网民网络安全感满意度调查');
  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['还有 2 题未作答']);
  await tap(page, '#q-q1-B');
  await tap(page, '#q-q2-A');
  await tap(page, '#submit');
  const sent = backend.last('POST', '/api/v1/surveys/3/responses').data;
  expect(sent).toMatchObject({ link_scene: 'sv-3-10', answers: { q1: ['B'], q2: ['A'] } });
  expect(sent.client_id).toBeTruthy();
  expect(sent.started_at).toMatch(/Z$/);
});

test('a lecturer application is sent', async () => {
  const page = renderPage('pages/qualification/apply');
  await tap(page, '#kind-lecturer');
  await type(page, '#real-name', '王老师');
  await type(page, '#phone', '13900000000');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/qualification-applications').data).toEqual({ kind: 'lecturer', real_name: '王老师', phone: '13900000000', introduction: '' });
});
