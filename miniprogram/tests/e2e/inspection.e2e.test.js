// Walk: an inspection from finding to close against the real API. The demo inspector records
// a finding on the demo station through the form; the demo station admin answers it on the
// detail page; the inspector returns it, the station answers again, the inspector accepts and
// closes. The server keeps the returned answer in the record.
const { renderPage, text } = require('../helpers/render');
const { api, resetServer, createSession, tap, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('an inspection goes from finding to close through the pages', async () => {
  const inspector = createSession('demo_inspector').use();
  const form = renderPage('pages/inspection/form');
  await run(form.instance.onLoad({ stationId: String(demo.station_id) }));
  expect(form.data.error).toBe('');
  expect(form.data.items.map((i) => i.title)).toEqual(['牌匾标识', '台账', '活动开展', '志愿者管理', '宣传物料', '安全']);
  await tap(form, '#finding-0');
  form.instance.onNote({ currentTarget: { dataset: { index: 0 } }, detail: { value: '牌匾未悬挂在显著位置' } });
  await tap(form, '#submit');
  const created = inspector.lastRequest('POST', `/api/v1/stations/${demo.station_id}/inspections`);
  expect(created.statusCode).toBe(201);
  const inspectionId = created.response.id;
  const findingId = created.response.findings[0].id;
  expect(inspector.calls.redirectTo).toEqual([`/pages/inspection/detail/index?id=${inspectionId}`]);

  const station = createSession(demo.users.station_admin.openid).use();
  const list = renderPage('pages/inspection/list');
  await run(list.instance.onLoad({}));
  expect(text(list, `#item-${inspectionId}`)).toContain('待整改 1 项');
  const answerPage = renderPage('pages/inspection/detail');
  await run(answerPage.instance.onLoad({ id: String(inspectionId) }));
  answerPage.instance.onDraft({ currentTarget: { dataset: { id: findingId } }, detail: { value: '已在大厅入口悬挂' } });
  await tap(answerPage, `#answer-${findingId}`);
  expect(station.lastRequest('POST', `/inspection-findings/${findingId}/responses`).statusCode).toBe(201);
  expect(text(answerPage, `#finding-status-${findingId}`)).toBe('待复核');

  inspector.use();
  const review = renderPage('pages/inspection/detail');
  await run(review.instance.onLoad({ id: String(inspectionId) }));
  await tap(review, '#close');
  expect(inspector.lastRequest('POST', `/inspections/${inspectionId}/close`).statusCode).toBe(409);
  inspector.modalAnswer = { confirm: true, content: '请补充现场照片' };
  await tap(review, `#return-${findingId}`);
  expect(text(review, `#finding-status-${findingId}`)).toBe('已退回');

  station.use();
  await run(answerPage.instance.load());
  answerPage.instance.onDraft({ currentTarget: { dataset: { id: findingId } }, detail: { value: '已补拍照片' } });
  await tap(answerPage, `#answer-${findingId}`);

  inspector.use();
  await run(review.instance.load());
  await tap(review, `#accept-${findingId}`);
  await tap(review, '#close');
  expect(inspector.lastRequest('POST', `/inspections/${inspectionId}/close`).statusCode).toBe(200);
  expect(text(review, '#status')).toBe('已结案');

  const onServer = await api('GET', `/api/v1/inspections/${inspectionId}`, { token: station.token() });
  expect(onServer.status).toBe('closed');
  expect(onServer.findings[0].responses.map((r) => [r.text, r.decision, r.decision_reason])).toEqual([
    ['已在大厅入口悬挂', 'returned', '请补充现场照片'],
    ['已补拍照片', 'accepted', null],
  ]);
});
