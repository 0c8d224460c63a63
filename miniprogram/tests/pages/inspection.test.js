// The inspection pages: the inspector's list and form, the station admin's answer with a photo,
// the inspector's return / accept / close. The fake API's routes: tests/helpers/inspections.js.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');
const { installInspections } = require('../helpers/inspections');

let backend;
let env;

beforeEach(() => {
  backend = createBackend();
  installInspections(backend);
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
  await tap(page, '#finding-0');
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

test('opened without a station, the form offers the stations of the inspector\'s association', async () => {
  env = installWx({ backend, loginCode: 'test-inspector01' });
  const page = renderPage('pages/inspection/form');
  await page.instance.onLoad({});
  expect(page.querySelector('#pick-10')).toBeTruthy();
  expect(page.querySelector('#submit')).toBeFalsy();
  await tap(page, '#pick-10');
  expect(text(page, '#station-name')).toBe('右安门街道网络安全志愿服务站');
  expect(page.querySelector('#submit')).toBeTruthy();
});
