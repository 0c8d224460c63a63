// Walk 4: the demo association admin starts a settlement run from the settlements page; the
// e2e server runs jobs inline, so the run is done when the page shows it.
const { renderPage, text } = require('../helpers/render');
const { api, resetServer, createSession, tap, run } = require('./harness');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('the association admin reconciles the ledger from the page and sees the run done', async () => {
  const admin = createSession(demo.users.association_admin.openid).use();
  const page = renderPage('pages/admin/settlements');
  await run(page.instance.onLoad());
  expect(page.data.error).toBe('');

  await tap(page, '#kind-reconcile');
  const started = admin.lastRequest('POST', '/api/v1/admin/settlements');
  expect(started.statusCode).toBe(202);
  expect(started.data).toEqual({ kind: 'reconcile', association_id: demo.association_id, scope: {} });
  const runId = started.response.id;
  expect(text(page, '#run-title')).toBe('账目核对 · 已完成');
  expect(text(page, '#run-clean')).toBe('账目核对无异常');
  expect(text(page, `#run-${runId}`)).toContain('账目核对 · 已完成');

  const onServer = await api('GET', `/api/v1/admin/settlements/${runId}`, { token: admin.token() });
  expect(onServer).toMatchObject({ kind: 'reconcile', status: 'done', association_id: demo.association_id, alerts: [], failures: [] });
  expect(onServer.scope.date).toMatch(/^\d{4}-\d\d-\d\d$/);

  // Started again: the same run, not a second one.
  await tap(page, '#kind-reconcile');
  expect(admin.lastRequest('POST', '/api/v1/admin/settlements').response.id).toBe(runId);
  const listed = await api('GET', '/api/v1/admin/settlements?kind=reconcile', { token: admin.token() });
  expect(listed.items.map((r) => r.id)).toEqual([runId]);
});

test('service hours are settled from the page with the day in the scope', async () => {
  const admin = createSession(demo.users.association_admin.openid).use();
  const page = renderPage('pages/admin/settlements');
  await run(page.instance.onLoad());
  await tap(page, '#kind-service_hours');
  const started = admin.lastRequest('POST', '/api/v1/admin/settlements');
  expect(started.statusCode).toBe(202);
  expect(started.response.status).toBe('done');
  expect(text(page, '#run-title')).toBe('服务时长兑换宝盾 · 已完成');
  expect(text(page, '#run-totals')).toBe(`共 ${started.response.totals.items} 项，合计 ${started.response.totals.amount.toLocaleString('en-US')} 宝盾`);
});
