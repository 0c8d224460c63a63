// The help channel in the mini-program: filing with a photo and a subscription, the reporter's
// progress view, and the station handler's queue and case.
const { installWx } = require('../helpers/wx');
const { createBackend } = require('../helpers/backend');
const { renderPage, tap, text, type, flush } = require('../helpers/render');

let backend;
let env;
beforeEach(() => {
  backend = createBackend();
  env = installWx({ backend, loginCode: 'test-resident01' });
});

async function fileOne(page) {
  await page.instance.onLoad({ stationId: '10' });
  await type(page, '#description', '有人冒充客服让我转账');
  await tap(page, '#choose-photo');
  expect(page.querySelector('#photo-preview')).toBeTruthy();
  await tap(page, '#submit');
  await flush();
}

test('a report goes with its photo, asks to be told of progress, then shows the case', async () => {
  const page = renderPage('pages/help/report');
  await fileOne(page);
  // Asked within the tap, for the configured template, and recorded on the server.
  expect(env.wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['tmpl-help']);
  expect(backend.last('POST', '/api/v1/me/subscriptions').data).toEqual({ template_keys: ['help_progress'] });
  const filed = backend.state.helpRequests[0];
  const sent = env.wx.uploadFile.mock.calls[0][0];
  expect(sent.url).toBe(`http://127.0.0.1:5000/api/v1/help-requests/${filed.id}/evidence-image`);
  expect(sent.name).toBe('image');
  expect(filed.has_evidence_image).toBe(true);
  expect(env.calls.redirectTo).toEqual([`/pages/help/mine/index?id=${filed.id}`]);
});

test('a photo can be removed before sending; then nothing is uploaded', async () => {
  const page = renderPage('pages/help/report');
  await page.instance.onLoad({});
  await type(page, '#description', '收到诈骗短信');
  await tap(page, '#choose-photo');
  await tap(page, '#remove-photo');
  await tap(page, '#submit');
  expect(env.wx.uploadFile).not.toHaveBeenCalled();
});

test('the reporter follows each step of the case to its outcome', async () => {
  await fileOne(renderPage('pages/help/report'));
  const id = backend.state.helpRequests[0].id;
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const admin = renderPage('pages/admin/help');
  await admin.instance.onLoad({ stationId: '10' });
  expect(text(admin, `#case-${id}`)).toContain('电信网络诈骗');
  await tap(admin, `#case-${id}`);
  expect(text(admin, '#reporter')).toContain('求助人：');
  expect(admin.querySelector('#case-photo')).toBeTruthy();
  expect(env.wx.downloadFile.mock.calls[0][0].header.Authorization).toMatch(/^Bearer /);
  await tap(admin, '#accept');
  expect(text(admin, '#case-status')).toBe('处理中');
  env.wx.modalAnswer = { confirm: true, content: '已联系派出所' };
  await tap(admin, '#refer-police');
  expect(backend.last('POST').data).toEqual({ to: 'police', note: '已联系派出所' });
  env.wx.modalAnswer = { confirm: true, content: '已立案，请留意警方电话' };
  await tap(admin, '#close');
  expect(text(admin, '#case-status')).toBe('已办结');
  expect(admin.querySelector('#accept')).toBeFalsy();
  expect(admin.querySelector('#close')).toBeFalsy();

  env = installWx({ backend, loginCode: 'test-resident01' });
  const mine = renderPage('pages/help/mine');
  await mine.instance.onLoad({ id: String(id) });
  expect(text(mine, '#case-status')).toBe('已办结');
  expect(text(mine, '#outcome')).toBe('处理结果：已立案，请留意警方电话');
  expect([0, 1, 2, 3].map((i) => text(mine, `#step-${i}`).split('2026')[0])).toEqual(['已提交求助', '服务站已受理', '已转交公安机关', '已办结']);
  const list = renderPage('pages/help/mine');
  await list.instance.onLoad({});
  expect(text(list, `#request-${id}`)).toContain('已办结');
  await tap(list, `#request-${id}`);
  expect(env.calls.navigateTo).toEqual([`/pages/help/mine/index?id=${id}`]);
});

test('a close without an outcome is caught on the phone', async () => {
  await fileOne(renderPage('pages/help/report'));
  const id = backend.state.helpRequests[0].id;
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const admin = renderPage('pages/admin/help');
  await admin.instance.onLoad({ stationId: '10', id: String(id) });
  await tap(admin, '#accept');
  env.wx.modalAnswer = { confirm: true, content: '  ' };
  await tap(admin, '#close');
  expect(env.calls.toasts).toContain('请填写处理结果');
  expect(text(admin, '#case-status')).toBe('处理中');
});

test('the queue is filtered by status tabs', async () => {
  backend.state.helpRequests.push({ id: 90, status: 'closed', category: 'other', description: 'x', reporter: { nickname: '老张' }, history: [], created_at: '2026-11-20T10:00:00+08:00' });
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  const admin = renderPage('pages/admin/help');
  await admin.instance.onLoad({ stationId: '10' });
  expect(admin.querySelector('#case-90')).toBeFalsy();
  await tap(admin, '#tab-closed');
  expect(backend.last('GET', '/api/v1/stations/10/help-requests').query).toEqual({ status: 'closed' });
  expect(text(admin, '#case-90')).toContain('老张');
});

test('opened without a station (from a notification), the admin pages use the admin\'s station', async () => {
  env = installWx({ backend, loginCode: 'test-stationadmin01' });
  for (const [page, path] of [
    ['pages/admin/help', '/api/v1/stations/10/help-requests'],
    ['pages/admin/corrections', '/api/v1/stations/10/correction-requests'],
    ['pages/admin/highlights', '/api/v1/stations/10/highlights'],
    ['pages/admin/hours', '/api/v1/stations/10/service-hours'],
  ]) {
    const rendered = renderPage(page);
    // eslint-disable-next-line no-await-in-loop
    await rendered.instance.onLoad({});
    expect(backend.last('GET', path)).toBeTruthy();
    expect(rendered.data.error).toBe('');
  }
});

test('a resident opening an admin page is told it is for admins and offered the way back', async () => {
  const page = renderPage('pages/admin/help');
  await page.instance.onLoad({});
  expect(text(page, '#state')).toContain('仅服务站管理员可进入');
  expect(page.querySelector('#state >>> .state-back')).toBeTruthy();
});
