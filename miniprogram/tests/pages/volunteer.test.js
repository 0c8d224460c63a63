const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-volunteer01', scanResult: 'ac-7' });
});

test('applying to a station sends the form; a bad phone is caught before sending', async () => {
  const page = renderPage('pages/volunteer/apply');
  page.instance.onLoad({ stationId: '10' });
  await type(page, '#real-name', '张三');
  await type(page, '#phone', '123');
  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['请填写正确的手机号']);
  await type(page, '#phone', '13812345678');
  await type(page, '#skills', '反诈宣讲、 摄影,剪辑');
  await tap(page, '#party');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/volunteer-applications').data).toEqual({ station_id: 10, real_name: '张三', phone: '13812345678', is_party_member: true, skills: ['反诈宣讲', '摄影', '剪辑'] });
  expect(env.calls.toasts[1]).toBe('已提交，请等待服务站审核');
});

test('sign up, then check in and out by scanning the activity code', async () => {
  const page = renderPage('pages/volunteer/activities');
  await page.instance.onLoad({ activityId: '7', checkin: '1' });
  expect(text(page, '#activity-7')).toContain('2026年11月22日 14:00 - 16:00');
  await tap(page, '#signup-7');
  expect(backend.last('POST').path).toBe('/api/v1/activities/7/signups');
  await tap(page, '#checkin-7');
  expect(env.wx.scanCode).toHaveBeenCalledTimes(1);
  expect(backend.last('POST').path).toBe('/api/v1/activities/7/check-in');
  expect(backend.last('POST').data).toEqual({ scene: 'ac-7' });
  await tap(page, '#checkout-7');
  expect(env.wx.scanCode).toHaveBeenCalledTimes(2);
  expect(backend.last('POST').path).toBe('/api/v1/activities/7/check-out');
  expect(backend.last('POST').data).toEqual({ scene: 'ac-7' });
  expect(env.calls.toasts).toEqual(['报名成功', '签到成功', '签退成功']);
});

test('a scanned mini-program code sends the scene from its page path', async () => {
  env = installWx({ backend, loginCode: 'test-volunteer01', scanResult: { result: '*', path: 'pages/entry/index/index?scene=ac-7' } });
  backend.state.activities[0].my_status = 'signed_up';
  const page = renderPage('pages/volunteer/activities');
  await page.instance.onLoad({});
  await tap(page, '#checkin-7');
  expect(backend.last('POST', '/api/v1/activities/7/check-in').data).toEqual({ scene: 'ac-7' });
  expect(env.calls.toasts).toEqual(['签到成功']);
});

test('opened from the activity code, check-in uses that scene without another scan', async () => {
  backend.state.activities[0].my_status = 'signed_up';
  const page = renderPage('pages/volunteer/activities');
  await page.instance.onLoad({ activityId: '7', checkin: '1', scene: 'ac-7' });
  await tap(page, '#checkin-7');
  expect(env.wx.scanCode).not.toHaveBeenCalled();
  expect(backend.last('POST', '/api/v1/activities/7/check-in').data).toEqual({ scene: 'ac-7' });
  expect(env.calls.toasts).toEqual(['签到成功']);
});

test("another place's code is refused by the server and shown, not counted", async () => {
  env = installWx({ backend, loginCode: 'test-volunteer01', scanResult: 'st-10' });
  backend.state.activities[0].my_status = 'signed_up';
  const page = renderPage('pages/volunteer/activities');
  await page.instance.onLoad({});
  await tap(page, '#checkin-7');
  expect(backend.last('POST', '/api/v1/activities/7/check-in').data).toEqual({ scene: 'st-10' });
  expect(env.calls.toasts).toEqual(['这不是本活动的签到码']);
  expect(backend.state.activities[0].my_status).toBe('signed_up');
});

test('a cancelled scan sends nothing', async () => {
  env = installWx({ backend, loginCode: 'test-volunteer01', scanResult: null });
  backend.state.activities[0].my_status = 'signed_up';
  const page = renderPage('pages/volunteer/activities');
  await page.instance.onLoad({});
  const before = backend.requests.length;
  await tap(page, '#checkin-7');
  expect(backend.requests.length).toBe(before);
});

test('hours are logged by hand in Shanghai time and listed with the star level', async () => {
  const page = renderPage('pages/volunteer/log-hours');
  page.instance.onLoad();
  page.instance.onDate({ detail: { value: '2026-11-20' } });
  await type(page, '#description', '社区反诈宣讲');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/service-hours').data).toEqual({ started_at: '2026-11-20T09:00:00+08:00', ended_at: '2026-11-20T11:00:00+08:00', description: '社区反诈宣讲' });
  expect(env.calls.redirectTo).toEqual(['/pages/volunteer/hours/index']);

  const list = renderPage('pages/volunteer/hours');
  await list.instance.onLoad();
  expect(text(list, '#verified')).toBe('105 小时');
  expect(text(list, '#stars')).toBe('★☆☆☆☆');
  expect(text(list, '#record-51')).toContain('2 小时 · 待审核');
});

test('a highlight with a photo goes as one multipart post and waits for the image check', async () => {
  const page = renderPage('pages/volunteer/highlights');
  page.instance.onLoad({ activityId: '7' });
  await type(page, '#text', '活动很成功');
  await tap(page, '#choose');
  await tap(page, '#submit');
  const sent = env.wx.uploadFile.mock.calls[0][0];
  expect(sent.url).toBe('http://127.0.0.1:5000/api/v1/activities/7/highlights');
  expect(sent.filePath).toBe('wxfile://tmp/photo1.jpg');
  expect(sent.name).toBe('image');
  expect(sent.formData).toEqual({ text: '活动很成功' });
  expect(env.calls.toasts).toEqual(['已提交，审核通过后展示']);
});

test('a highlight of text alone goes as JSON and shows at once', async () => {
  const page = renderPage('pages/volunteer/highlights');
  page.instance.onLoad({ activityId: '7' });
  await type(page, '#text', '活动很成功');
  await tap(page, '#submit');
  expect(env.wx.uploadFile).not.toHaveBeenCalled();
  expect(backend.last('POST', '/api/v1/activities/7/highlights').data).toEqual({ text: '活动很成功' });
  expect(env.calls.toasts).toEqual(['已发布']);
});
