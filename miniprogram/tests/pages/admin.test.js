const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-stationadmin01', scanResult: 'K7Q2M9' });
});

test('the admin home shows the station figures and links to the reviews', async () => {
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#fig-volunteers')).toBe('42');
  expect(text(page, '#fig-hours')).toBe('205.8 小时');
  expect(text(page, '#fig-party')).toBe('9');
  expect(text(page, '#fig-hours-year')).toBe('1000 小时');
  expect(page.querySelector('#to-settlements')).toBeFalsy();
  await tap(page, '#to-applications');
  expect(env.calls.navigateTo).toEqual(['/pages/admin/applications/index?stationId=10']);
});

test('a resident is kept out of the admin pages', async () => {
  env = installWx({ backend, loginCode: 'test-resident01' });
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#state >>> .state--error')).toContain('仅服务站或协会管理员可进入');
});

test('applications are approved, or rejected with a reason', async () => {
  backend.state.applications.push({ id: 32, real_name: '赵六', phone: '137****1111', status: 'pending', created_at: '2026-11-21T02:00:00Z' });
  const page = renderPage('pages/admin/applications');
  await page.instance.onLoad({ stationId: '10' });
  expect(backend.last('GET').query).toEqual({ status: 'pending' });
  await tap(page, '#approve-31');
  expect(backend.last('POST').path).toBe('/api/v1/volunteer-applications/31/approve');
  expect(page.querySelector('#item-31')).toBeFalsy();
  env.wx.modalAnswer = { confirm: true, content: '资料不全' };
  await tap(page, '#reject-32');
  expect(backend.last('POST').data).toEqual({ reason: '资料不全' });
  expect(text(page, '#state >>> .state--empty')).toContain('没有待处理的记录');
});

test('hours are verified', async () => {
  const page = renderPage('pages/admin/hours');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#item-51')).toContain('社区反诈宣讲 · 2 小时');
  expect(text(page, '#item-51')).toContain('志愿者 #2');
  await tap(page, '#approve-51');
  expect(backend.last('POST').path).toBe('/api/v1/service-hours/51/verify');
});

test('a gift is handed over by scanning or typing the pickup code', async () => {
  const page = renderPage('pages/admin/fulfil');
  page.instance.onLoad({ stationId: '10' });
  await tap(page, '#scan');
  expect(backend.last('POST').path).toBe('/api/v1/stations/10/redemptions/fulfil');
  expect(backend.last('POST').data).toEqual({ pickup_code: 'K7Q2M9' });
  expect(text(page, '#last')).toBe('已发放：反诈主题帆布袋 × 1');
  await type(page, '#pickup-code', 'nope00');
  await tap(page, '#fulfil');
  expect(env.calls.toasts).toEqual(['发放成功', '取件码无效、已使用或不属于本站']);
});

test('an activity is created with Shanghai times', async () => {
  const page = renderPage('pages/admin/activity-create');
  page.instance.onLoad({ stationId: '10' });
  page.instance.onDate({ detail: { value: '2026-12-01' } });
  await type(page, '#title', '反诈宣传进校园');
  await type(page, '#place', '右安门小学');
  await tap(page, '#submit');
  expect(backend.last('POST', '/api/v1/stations/10/activities').data).toEqual({ title: '反诈宣传进校园', kind: '进社区', place: '右安门小学', capacity: 20, starts_at: '2026-12-01T09:00:00+08:00', ends_at: '2026-12-01T11:00:00+08:00' });
});

test('association admins review lecturers and run settlements', async () => {
  env = installWx({ backend, loginCode: 'test-assocadmin01' });
  const home = renderPage('pages/admin/index');
  await home.instance.onLoad({});
  expect(home.querySelector('#to-settlements')).toBeTruthy();

  const q = renderPage('pages/admin/qualifications');
  await q.instance.onLoad({});
  expect(text(q, '#item-61')).toContain('公益讲师 · 王老师');
  await tap(q, '#approve-61');
  expect(backend.last('POST').path).toBe('/api/v1/qualification-applications/61/approve');

  const s = renderPage('pages/admin/settlements');
  s.instance.onLoad();
  await tap(s, '#kind-service_hours');
  expect(backend.last('POST').data).toEqual({ kind: 'service_hours' });
  expect(text(s, '#run')).toContain('服务时长兑换宝盾 · 排队中');
  await tap(s, '#refresh');
  expect(text(s, '#run')).toContain('已完成');
});
