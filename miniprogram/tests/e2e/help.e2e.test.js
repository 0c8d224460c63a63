// Walk: a resident reports a fraud with a screenshot at the demo station; the station admin
// sees the case with the photo, accepts, refers it to the police and closes it; the reporter
// follows each step and reads the outcome.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { renderPage, text } = require('../helpers/render');
const { resetServer, createSession, tap, type, run } = require('./harness');

// The smallest valid PNG (1×1), as a phone would hand over a screenshot.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let demo;
beforeAll(async () => { demo = await resetServer(); });

test('a help case from filing with a photo to the reporter seeing it closed', async () => {
  const photo = path.join(os.tmpdir(), `e2e-help-${Date.now()}.png`);
  fs.writeFileSync(photo, PNG);
  const reporter = createSession('e2e_help_reporter').use();
  reporter.photoPath = photo;
  const report = renderPage('pages/help/report');
  await run(report.instance.onLoad({ stationId: String(demo.station_id) }));
  await type(report, '#description', '有人冒充银行客服，让我把钱转到“安全账户”。');
  await tap(report, '#choose-photo');
  await tap(report, '#submit');
  const filed = reporter.requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/help-requests'));
  expect(filed.statusCode).toBe(201);
  const id = filed.response.id;
  expect(reporter.lastRequest('POST', '/evidence-image').statusCode).toBe(200);
  expect(reporter.calls.redirectTo).toEqual([`/pages/help/mine/index?id=${id}`]);

  const admin = createSession(demo.users.station_admin.openid).use();
  const queue = renderPage('pages/admin/help');
  await run(queue.instance.onLoad({ stationId: String(demo.station_id) }));
  await tap(queue, `#case-${id}`);
  expect(text(queue, '#case')).toContain('安全账户');
  const downloaded = admin.lastRequest('GET', '/evidence-image');
  expect(downloaded.statusCode).toBe(200);
  expect(fs.readFileSync(downloaded.tempFilePath).equals(PNG)).toBe(true);
  await tap(queue, '#accept');
  admin.modalAnswer = { confirm: true, content: '已联系辖区派出所' };
  await tap(queue, '#refer-police');
  admin.modalAnswer = { confirm: true, content: '已立案，民警会与您联系' };
  await tap(queue, '#close');
  expect(text(queue, '#case-status')).toBe('已办结');

  reporter.use();
  const mine = renderPage('pages/help/mine');
  await run(mine.instance.onLoad({ id: String(id) }));
  expect(text(mine, '#case-status')).toBe('已办结');
  expect(text(mine, '#outcome')).toBe('处理结果：已立案，民警会与您联系');
  expect(mine.data.detail.steps.map((s) => s.text)).toEqual(['已提交求助', '服务站已受理', '已转交公安机关', '已办结']);
  // The handler's internal note never reaches the reporter.
  expect(text(mine, '#case')).not.toContain('派出所');
});
