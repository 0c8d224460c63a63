// The inspection pages: the inspector's list and form, the station admin's answer with a photo,
// the inspector's return / accept / close. The fake API's inspection routes live here.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;

function inspection(overrides = {}) {
  return {
    id: 90, station_id: 10, station_name: '右安门街道网络安全志愿服务站', association_id: 1, inspector_id: 8,
    inspected_on: '2026-12-01', rectify_by: '2026-12-03', summary: '例行检查', status: 'open', overdue: true, open_findings: 1,
    created_at: '2026-12-01T10:00:00+08:00', closed_at: null,
    findings: [
      { id: 301, item_title: '牌匾标识', result: 'finding', note: '牌匾未悬挂', status: 'open', photos: [], responses: [] },
      { id: 302, item_title: '台账', result: 'ok', note: null, status: 'ok', photos: [], responses: [] },
    ],
    ...overrides,
  };
}

beforeEach(() => {
  backend = createBackend();
  backend.state.users.inspector01 = { id: 8, nickname: '督导老刘', roles: [{ role: 'inspector', association_id: 1 }], station: null, verified_minutes: 0, star_level: 0, points_balance: 0 };
  backend.state.inspection = inspection();
  backend.on('GET', '/api/v1/inspections', (req) => {
    const { findings, ...summary } = backend.state.inspection;
    const items = req.query.overdue === 'true' && !summary.overdue ? [] : [summary];
    return { status: 200, body: { items, page: 1, per_page: 20, total: items.length } };
  });
  backend.on('GET', '/api/v1/inspections/{id}', () => ({ status: 200, body: backend.state.inspection }));
  backend.on('GET', '/api/v1/associations/{id}/inspection-checklist', (req) => ({ status: 200, body: { association_id: Number(req.params.id), items: [{ id: 1, title: '牌匾标识', position: 0 }, { id: 2, title: '台账', position: 1 }] } }));
  backend.on('POST', '/api/v1/stations/{id}/inspections', () => ({ status: 201, body: inspection({ id: 91 }) }));
  const finding = () => backend.state.inspection.findings[0];
  backend.on('POST', '/api/v1/inspection-findings/{id}/responses', (req) => {
    finding().responses.push({ id: 401, author_id: 3, text: req.data.text, decision: 'pending', decision_reason: null, photos: [] });
    finding().status = 'answered';
    return { status: 201, body: finding() };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/photos', () => {
    finding().responses[finding().responses.length - 1].photos.push({ id: 501, url: '/api/v1/inspection-photos/501' });
    return { status: 201, body: { id: 501, url: '/api/v1/inspection-photos/501' } };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/return', (req) => {
    Object.assign(finding().responses[0], { decision: 'returned', decision_reason: req.data.reason });
    finding().status = 'returned';
    return { status: 200, body: finding() };
  });
  backend.on('POST', '/api/v1/inspection-findings/{id}/accept', () => {
    finding().responses[finding().responses.length - 1].decision = 'accepted';
    finding().status = 'accepted';
    return { status: 200, body: finding() };
  });
  backend.on('POST', '/api/v1/inspections/{id}/close', () => {
    if (finding().status !== 'accepted') return { status: 409, body: { error: { code: 'findings_unaccepted', message: '仍有问题未通过复核', details: {} } } };
    backend.state.inspection.status = 'closed';
    return { status: 200, body: backend.state.inspection };
  });
});

test('the inspector lists inspections, sees the overdue flag and can start a new one', async () => {
  env = installWx({ backend, loginCode: 'test-inspector01' });
  const page = renderPage('pages/inspection/list');
  await page.instance.onLoad({ stationId: '10' });
  expect(backend.last('GET', '/api/v1/inspections').query).toEqual({ station_id: '10' });
  expect(text(page, '#item-90')).toContain('右安门街道网络安全志愿服务站');
  expect(text(page, '#item-90')).toContain('待整改 1 项');
  expect(page.querySelector('#overdue-90')).toBeTruthy();
  await tap(page, '#overdue');
  expect(backend.last('GET', '/api/v1/inspections').query).toEqual({ station_id: '10', overdue: 'true' });
  await tap(page, '#new');
  expect(env.calls.navigateTo).toEqual(['/pages/inspection/form/index?stationId=10']);
});

test('a station admin sees no "new inspection" button', async () => {
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const page = renderPage('pages/inspection/list');
  await page.instance.onLoad({});
  expect(text(page, '#item-90')).toContain('整改中');
  expect(page.querySelector('#new')).toBeFalsy();
});

test('the form sends every checklist line, a finding with its note and the deadline', async () => {
  env = installWx({ backend, loginCode: 'test-inspector01' });
  const page = renderPage('pages/inspection/form');
  await page.instance.onLoad({ stationId: '10' });
  expect(backend.last('GET', '/api/v1/associations/1/inspection-checklist')).toBeTruthy();
  page.instance.onResult({ currentTarget: { dataset: { index: 0 } }, detail: { value: 'finding' } });
  await tap(page, '#submit');
  expect(env.calls.toasts).toEqual(['请为每个问题填写说明']);
  page.instance.onNote({ currentTarget: { dataset: { index: 0 } }, detail: { value: ' 牌匾未悬挂 ' } });
  page.instance.onDeadline({ detail: { value: '2026-12-20' } });
  await tap(page, '#submit');
  const sent = backend.last('POST', '/api/v1/stations/10/inspections').data;
  expect(sent.rectify_by).toBe('2026-12-20');
  expect(sent.items).toEqual([{ item_id: 1, result: 'finding', note: '牌匾未悬挂' }, { item_id: 2, result: 'ok' }]);
  expect(env.calls.redirectTo).toEqual(['/pages/inspection/detail/index?id=91']);
});

test('the station answers with a photo; the inspector returns, accepts and closes', async () => {
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const station = renderPage('pages/inspection/detail');
  await station.instance.onLoad({ id: '90' });
  expect(text(station, '#finding-301')).toContain('牌匾未悬挂');
  expect(station.querySelector('#finding-302')).toBeFalsy();
  expect(station.querySelector('#close')).toBeFalsy();
  station.instance.onDraft({ currentTarget: { dataset: { id: 301 } }, detail: { value: '已在大厅悬挂' } });
  await tap(station, '#answer-301');
  expect(backend.last('POST', '/api/v1/inspection-findings/301/responses').data).toEqual({ text: '已在大厅悬挂' });
  await station.instance.onPhoto({ currentTarget: { dataset: { id: 301 } } });
  expect(backend.last('POST', '/api/v1/inspection-findings/301/photos').filePath).toBe('wxfile://tmp/photo1.jpg');
  expect(text(station, '#response-401')).toContain('照片 1 张');

  env = installWx({ backend, loginCode: 'test-inspector01' });
  const inspector = renderPage('pages/inspection/detail');
  await inspector.instance.onLoad({ id: '90' });
  await tap(inspector, '#close');
  expect(env.calls.toasts).toContain('仍有问题未通过复核');
  env.wx.modalAnswer = { confirm: true, content: '照片不清楚' };
  await inspector.instance.onReturn({ currentTarget: { dataset: { id: 301 } } });
  expect(backend.last('POST', '/api/v1/inspection-findings/301/return').data).toEqual({ reason: '照片不清楚' });
  expect(text(inspector, '#response-401')).toContain('已退回：照片不清楚');
  expect(text(inspector, '#finding-status-301')).toBe('已退回');

  backend.state.inspection.findings[0].status = 'answered';
  await inspector.instance.load();
  await tap(inspector, '#accept-301');
  expect(text(inspector, '#finding-status-301')).toBe('已通过');
  await tap(inspector, '#close');
  expect(text(inspector, '#status')).toBe('已结案');
});
