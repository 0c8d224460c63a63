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

test('the admin sets the station\'s location from the map', async () => {
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({ stationId: '10' });
  await tap(page, '#set-location');
  await new Promise((resolve) => setTimeout(resolve, 0));
  const sent = backend.last('PATCH');
  expect(sent.path).toBe('/api/v1/stations/10');
  expect(sent.data).toEqual({ latitude: 39.868, longitude: 116.356 });
  expect(env.calls.toasts).toEqual(['已保存服务站位置']);
});

test('an association admin without a station lands on the association\'s tasks', async () => {
  env = installWx({ backend, loginCode: 'test-assocadmin01' });
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({});
  expect(env.wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '协会管理' });
  expect(page.querySelector('#figures')).toBeFalsy();
  expect(page.querySelector('#to-applications')).toBeFalsy();
  expect(page.querySelector('#to-qualifications')).toBeTruthy();
  expect(text(page, '#console-hint')).toContain('网安联管理台');
});

test('a resident is kept out of the admin pages', async () => {
  env = installWx({ backend, loginCode: 'test-resident01' });
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#state >>> .state--error')).toContain('仅服务站或协会管理员可进入');
  // A refusal will not change on a retry: the way back is offered instead.
  expect(page.querySelector('#state >>> .state-retry')).toBeFalsy();
  global.getCurrentPages = () => [{}];
  await tap(page, '#state >>> .state-back');
  delete global.getCurrentPages;
  expect(env.calls.switchTab).toEqual(['/pages/home/index/index']);
});

test('a lost connection offers 重试, which loads again', async () => {
  backend.on('GET', '/api/v1/stations/{id}/figures', () => ({ fail: 'request:fail timeout' }));
  const page = renderPage('pages/admin/index');
  await page.instance.onLoad({ stationId: '10' });
  expect(page.querySelector('#state >>> .state-back')).toBeFalsy();
  expect(page.querySelector('#state >>> .state-retry')).toBeTruthy();
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
  expect(text(page, '#item-51')).toContain('李四 · ');
  expect(text(page, '#item-51')).not.toContain('#2');
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
  await s.instance.onLoad();
  expect(text(s, '#state')).toContain('暂无结算记录');
  await tap(s, '#kind-service_hours');
  const started = backend.last('POST', '/api/v1/admin/settlements').data;
  expect(started).toEqual({ kind: 'service_hours', association_id: 1, scope: { date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) } });
  expect(text(s, '#run-title')).toBe('服务时长兑换宝盾 · 等待开始');
  expect(text(s, '#run-progress')).toBe('批次 0 / 0');
  await tap(s, '#refresh');
  expect(text(s, '#run-title')).toBe('服务时长兑换宝盾 · 已完成');
  expect(text(s, '#run-totals')).toBe('共 3 项，合计 60 宝盾');
  expect(text(s, '#run')).toMatch(/范围：\d{4}年\d{1,2}月\d{1,2}日/);
  expect(text(s, '#run')).not.toContain('date=');
  expect(text(s, '#run-progress')).toBe('批次 1 / 1（100%）');
  expect(s.querySelector('#refresh')).toBeFalsy();
  // A campaign close needs the campaign: asked for, then sent in the scope.
  global.wx.modalAnswer = { confirm: true, content: '5' };
  await tap(s, '#kind-campaign_close');
  expect(backend.last('POST', '/api/v1/admin/settlements').data).toEqual({ kind: 'campaign_close', association_id: 1, scope: { campaign_id: 5 } });
  expect(s.data.runs.map((r) => r.kindText)).toEqual(['问答活动结算', '服务时长兑换宝盾']);
});

test('a failed settlement run shows its failures and alerts', async () => {
  env = installWx({ backend, loginCode: 'test-assocadmin01' });
  backend.state.settlements[77] = { id: 77, kind: 'reconcile', scope: { date: '2026-11-21', association_id: 1 }, association_id: 1, status: 'failed', created_by_id: 4, created_at: '2026-11-22T02:30:00Z', materialised_at: '2026-11-22T02:30:01Z', finished_at: '2026-11-22T02:31:00Z', error: null,
    totals: { items: 4, amount: 0 }, progress: { chunks_total: 2, chunks_pending: 0, chunks_running: 0, chunks_done: 1, chunks_failed: 1, items_done: 2, amount_done: 0, percent: 50 },
    failures: [{ chunk_no: 1, attempts: 3, error: 'ValueError: bad item' }], alerts: [{ check: 'wallet_balance', message: 'wallet 9 balance 10 != entries 5', details: {}, created_at: '2026-11-22T02:31:00Z' }] };
  backend.on('GET', '/api/v1/admin/settlements/{id}', () => ({ status: 200, body: backend.state.settlements[77] }));
  const s = renderPage('pages/admin/settlements');
  await s.instance.onLoad();
  expect(text(s, '#run-77')).toContain('账目核对 · 失败');
  // A reconciliation moves no points: no "合计" line; its day is a date, not "date=…".
  expect(text(s, '#run-77')).toContain('2026年11月21日');
  expect(text(s, '#run-77')).not.toContain('合计');
  await tap(s, '#run-77');
  expect(text(s, '#run-progress')).toBe('批次 1 / 2（50%），失败 1');
  expect(text(s, '#run')).toContain('第 1 批（尝试 3 次）：ValueError: bad item');
  expect(text(s, '#alert-0')).toBe('wallet_balance：wallet 9 balance 10 != entries 5');
});
