// Walk: a verified hour record corrected, from the volunteer's request to the verified correction.
// The demo volunteer's 3-hour record of ten days ago was verified by the station admin; the
// volunteer asks to correct it, the station admin enters the correction (maker), and the
// association admin verifies it (checker: the maker may not verify their own entry).
const { renderPage, text } = require('../helpers/render');
const { api, resetServer, createSession, tap, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('a correction goes from the volunteer\'s request to verified, and replaces the record', async () => {
  const volunteer = createSession(demo.users.volunteer.openid).use();
  const hoursPage = renderPage('pages/volunteer/hours');
  await run(hoursPage.instance.onLoad());
  const verified = hoursPage.data.records.find((r) => r.correctable);
  expect(verified.description).toBe('社区网安咨询窗口值班');
  volunteer.modalAnswer = { confirm: true, content: '实际多服务了半小时' };
  await tap(hoursPage, `#ask-correction-${verified.id}`);
  expect(volunteer.lastRequest('POST', '/correction-requests').statusCode).toBe(201);

  // The station admin enters the correction: the end half an hour later.
  const maker = createSession(demo.users.station_admin.openid).use();
  const corrections = renderPage('pages/admin/corrections');
  await run(corrections.instance.onLoad({ stationId: String(demo.station_id) }));
  const request = corrections.data.requests[0];
  expect(request.reason).toBe('实际多服务了半小时');
  expect(text(corrections, `#request-${request.id}`)).toContain('王志愿');
  await tap(corrections, `#edit-open-${request.id}`);
  const [h, m] = request.end.split(':').map(Number);
  const later = `${String(h + (m >= 30 ? 1 : 0)).padStart(2, '0')}:${m >= 30 ? String(m - 30).padStart(2, '0') : String(m + 30).padStart(2, '0')}`;
  corrections.querySelector(`#end-${request.id}`).dispatchEvent('change', { detail: { value: later } });
  await tap(corrections, `#submit-${request.id}`);
  const entered = maker.lastRequest('POST', '/corrections');
  expect(entered.statusCode).toBe(201);
  expect(entered.response.minutes).toBe(210);
  expect(corrections.data.requests).toEqual([]);

  // The maker may not verify it; the association admin does, in 时长核验.
  const refused = await api('POST', `/api/v1/service-hours/${entered.response.id}/verify`, { token: maker.token() }).catch((e) => e);
  expect([403, 409]).toContain(refused.res.statusCode);
  createSession(demo.users.association_admin.openid).use();
  const review = renderPage('pages/admin/hours');
  await run(review.instance.onLoad({ stationId: String(demo.station_id) }));
  await tap(review, `#approve-${entered.response.id}`);

  // The volunteer now sees the correction counting and the original replaced.
  volunteer.use();
  const after = await api('GET', '/api/v1/me/service-hours', { token: volunteer.token() });
  const byId = Object.fromEntries(after.items.map((r) => [r.id, r]));
  expect(byId[entered.response.id]).toMatchObject({ status: 'verified', counts: true, minutes: 210 });
  expect(byId[verified.id]).toMatchObject({ counts: false, superseded_by_id: entered.response.id });
});
