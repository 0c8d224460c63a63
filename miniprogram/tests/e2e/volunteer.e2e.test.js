// Walk 2: a new user applies as a volunteer to the demo station, the station admin approves, the
// volunteer logs hours, the admin verifies them and the volunteer sees them as verified.
const { renderPage, text } = require('../helpers/render');
const { api, apiLogin, resetServer, createSession, tap, type, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('a volunteer goes from application to verified hours, through the pages of both sides', async () => {
  const applicant = createSession('e2e_new_volunteer');
  const admin = createSession(demo.users.station_admin.openid);

  // The applicant fills the apply page of the demo station.
  applicant.use();
  const apply = renderPage('pages/volunteer/apply');
  apply.instance.onLoad({ stationId: String(demo.station_id) });
  await type(apply, '#real-name', '赵志愿');
  await type(apply, '#phone', '13912345678');
  await type(apply, '#skills', '反诈宣讲、摄影');
  await tap(apply, '#party');
  await tap(apply, '#submit');
  expect(applicant.calls.toasts).toEqual(['已提交，请等待服务站审核']);
  const applied = applicant.lastRequest('POST', '/api/v1/volunteer-applications');
  expect(applied.statusCode).toBe(201);
  const applicationId = applied.response.id;

  // The station admin sees it on the applications page and approves it.
  admin.use();
  const applications = renderPage('pages/admin/applications');
  await run(applications.instance.onLoad({ stationId: String(demo.station_id) }));
  expect(text(applications, `#item-${applicationId}`)).toContain('赵志愿');
  expect(text(applications, `#item-${applicationId}`)).toContain('反诈宣讲');
  await tap(applications, `#approve-${applicationId}`);
  expect(admin.calls.toasts).toEqual(['已通过']);
  expect(admin.lastRequest('POST', `/volunteer-applications/${applicationId}/approve`).statusCode).toBe(200);
  expect(applications.querySelector(`#item-${applicationId}`)).toBeFalsy();

  // The new volunteer logs two hours by hand.
  applicant.use();
  const log = renderPage('pages/volunteer/log-hours');
  log.instance.onLoad();
  const day = new Date(Date.now() - 2 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  log.instance.onDate({ detail: { value: day } });
  log.instance.onStart({ detail: { value: '09:00' } });
  log.instance.onEnd({ detail: { value: '11:30' } });
  await type(log, '#description', '社区反诈宣讲值班');
  await tap(log, '#submit');
  expect(applicant.calls.redirectTo).toEqual(['/pages/volunteer/hours/index']);
  const logged = applicant.lastRequest('POST', '/api/v1/service-hours');
  expect(logged.statusCode).toBe(201);
  expect(logged.response.minutes).toBe(150);
  const recordId = logged.response.id;

  // The admin verifies them on the hours page.
  admin.use();
  const pending = renderPage('pages/admin/hours');
  await run(pending.instance.onLoad({ stationId: String(demo.station_id) }));
  expect(text(pending, `#item-${recordId}`)).toContain('2.5');
  expect(text(pending, `#item-${recordId}`)).toContain('社区反诈宣讲值班');
  await tap(pending, `#approve-${recordId}`);
  expect(admin.calls.toasts).toEqual(['已通过', '已通过']);
  expect(admin.lastRequest('POST', `/service-hours/${recordId}/verify`).statusCode).toBe(200);

  // The volunteer's my-hours page shows the verified record and total.
  applicant.use();
  const mine = renderPage('pages/volunteer/hours');
  await run(mine.instance.onLoad());
  expect(text(mine, '#verified')).toContain('2.5');
  expect(text(mine, `#record-${recordId}`)).toContain('已核验');

  // And the server agrees.
  const token = await apiLogin('e2e_new_volunteer');
  const me = await api('GET', '/api/v1/me', { token });
  expect(me.verified_minutes).toBe(150);
  expect(me.roles.map((r) => r.role)).toContain('volunteer');
});
