// A correction of a verified hour record, from the volunteer's request to the admin's answer;
// and the volunteer's own applications.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  backend.state.hours.push({ id: 52, user_id: 2, volunteer_name: '李四', station_id: 10, source: 'manual', started_at: '2026-11-18T09:00:00+08:00', ended_at: '2026-11-18T10:00:00+08:00', minutes: 60, hours: 1, description: '反诈宣讲', status: 'verified', counts: true });
  env = installWx({ backend, loginCode: 'test-volunteer01' });
});

test('a volunteer asks to correct a verified record, not a pending one', async () => {
  const page = renderPage('pages/volunteer/hours');
  await page.instance.onLoad();
  expect(page.querySelector('#ask-correction-51')).toBeFalsy();
  env.wx.modalAnswer = { confirm: true, content: '实际服务到11点' };
  await tap(page, '#ask-correction-52');
  expect(backend.last('POST').path).toBe('/api/v1/service-hours/52/correction-requests');
  expect(backend.last('POST').data).toEqual({ reason: '实际服务到11点' });
  expect(env.calls.toasts).toEqual(['已提交，等待服务站处理']);
});

test('an admin declines a request with a reason, or enters the correction for another admin to verify', async () => {
  backend.state.corrections.push(
    { id: 80, record_id: 52, user_id: 2, station_id: 10, reason: '实际服务到11点', proposed_started_at: null, proposed_ended_at: null, status: 'open', created_at: '2026-11-23T10:00:00+08:00' },
    { id: 81, record_id: 52, user_id: 2, station_id: 10, reason: '开始时间记错', proposed_started_at: '2026-11-18T08:30:00+08:00', proposed_ended_at: '2026-11-18T10:00:00+08:00', status: 'open', created_at: '2026-11-23T11:00:00+08:00' },
  );
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const page = renderPage('pages/admin/corrections');
  await page.instance.onLoad({ stationId: '10' });
  expect(text(page, '#request-80')).toContain('李四');
  expect(text(page, '#request-80')).toContain('原记录：反诈宣讲 · 2026年11月18日 09:00');
  expect(text(page, '#request-81')).toContain('建议改为：2026年11月18日 08:30');

  env.wx.modalAnswer = { confirm: true, content: '与签到记录一致' };
  await tap(page, '#decline-80');
  expect(backend.last('POST').path).toBe('/api/v1/correction-requests/80/decline');
  expect(backend.last('POST').data).toEqual({ reason: '与签到记录一致' });
  expect(page.querySelector('#request-80')).toBeFalsy();

  // The proposed times are prefilled; the admin moves the end to 10:30 and enters it.
  await tap(page, '#edit-open-81');
  expect(page.data.editing).toMatchObject({ start: '08:30', end: '10:00', day: '2026-11-18' });
  page.querySelector('#end-81').dispatchEvent('change', { detail: { value: '10:30' } });
  await tap(page, '#submit-81');
  const sent = backend.last('POST');
  expect(sent.path).toBe('/api/v1/service-hours/52/corrections');
  expect(sent.data).toEqual({ started_at: '2026-11-18T08:30:00+08:00', ended_at: '2026-11-18T10:30:00+08:00', reason: '按志愿者申请更正', request_id: 81 });
  expect(env.calls.toasts).toContain('已录入，待另一位管理员核验');
  expect(text(page, '#state')).toContain('没有待处理的更正申请');
});

test('an end before the start is caught before anything is sent', async () => {
  backend.state.corrections.push({ id: 82, record_id: 52, user_id: 2, station_id: 10, reason: '时间不对', proposed_started_at: null, proposed_ended_at: null, status: 'open', created_at: '2026-11-23T10:00:00+08:00' });
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const page = renderPage('pages/admin/corrections');
  await page.instance.onLoad({ stationId: '10' });
  await tap(page, '#edit-open-82');
  page.querySelector('#end-82').dispatchEvent('change', { detail: { value: '08:00' } });
  await tap(page, '#submit-82');
  expect(env.calls.toasts).toEqual(['结束时间应晚于开始时间']);
  expect(backend.last('POST', '/api/v1/service-hours/52/corrections')).toBeFalsy();
});

test('my applications show each station, status and the reason for a refusal', async () => {
  const page = renderPage('pages/volunteer/applications');
  await page.instance.onLoad();
  expect(text(page, '#application-30')).toContain('右安门街道网络安全志愿服务站');
  expect(text(page, '#application-30')).toContain('已通过');
  expect(text(page, '#application-30')).toContain('志愿者编号 BJ-FT-0001');
  expect(text(page, '#application-29')).toContain('未通过');
  expect(text(page, '#application-29')).toContain('未通过原因：本基地仅招募在校师生');
  await tap(page, '#apply');
  expect(env.calls.navigateTo).toEqual(['/pages/stations/list/index']);
});

test('我的 shows volunteer entries to volunteers only', async () => {
  let page = renderPage('pages/me/index');
  await page.instance.onLoad();
  expect(page.querySelector('#to-hours')).toBeTruthy();
  expect(text(page, '#to-applications')).toContain('我的志愿者申请');
  env = installWx({ backend, loginCode: 'test-resident01' });
  page = renderPage('pages/me/index');
  await page.instance.onLoad();
  expect(page.querySelector('#to-hours')).toBeFalsy();
  expect(page.querySelector('#to-activities')).toBeFalsy();
  expect(text(page, '#summary')).toBe('宝盾 120');
  expect(text(page, '#to-applications')).toContain('成为志愿者');
});
