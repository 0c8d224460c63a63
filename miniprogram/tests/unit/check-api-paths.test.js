const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { collectCalls, findMissing } = require('../../scripts/check-api-paths');

const SCRIPT = path.resolve(__dirname, '../../scripts/check-api-paths.js');
const FIXTURE_SERVICES = path.resolve(__dirname, '../fixtures/services');
const SMALL_OPENAPI = path.resolve(__dirname, '../fixtures/openapi-small.json');

test('it fails and names the one call the OpenAPI document lacks', () => {
  const run = spawnSync('node', [SCRIPT, SMALL_OPENAPI, FIXTURE_SERVICES], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('POST /api/v1/things/{id}/redemptions');
  expect(run.stdout).not.toContain('GET /api/v1/things/{id} ');
});

test('parameter names may differ between client and server', () => {
  const calls = collectCalls(FIXTURE_SERVICES);
  const missing = findMissing(calls, require(SMALL_OPENAPI));
  expect(missing.map((m) => `${m.method} ${m.path}`)).toEqual(['POST /api/v1/things/{id}/redemptions']);
});

test('a path whose method is missing is reported', () => {
  const calls = [{ file: 'x.js', method: 'DELETE', path: '/api/v1/things' }];
  expect(findMissing(calls, require(SMALL_OPENAPI))[0].reason).toBe('path has no DELETE operation');
});

test('it passes when every call of the real services is in the document', () => {
  const calls = collectCalls(path.resolve(__dirname, '../../services'));
  const paths = {};
  for (const c of calls) {
    paths[c.path] = { ...(paths[c.path] || {}), [c.method.toLowerCase()]: {} };
  }
  const fs = require('fs');
  const os = require('os');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oa-')), 'openapi.json');
  fs.writeFileSync(file, JSON.stringify({ paths }));
  const out = execFileSync('node', [SCRIPT, file], { encoding: 'utf8' });
  expect(out).toMatch(/^all \d+ API calls/);
});

test('the real services declare every §12 path the client relies on', () => {
  const declared = new Set(collectCalls(path.resolve(__dirname, '../../services')).map((c) => `${c.method} ${c.path}`));
  for (const call of [
    'POST /api/v1/auth/wechat/login', 'GET /api/v1/me', 'GET /api/v1/entrances/{scene}',
    'GET /api/v1/stations', 'GET /api/v1/stations/{id}', 'POST /api/v1/volunteer-applications',
    'POST /api/v1/activities/{id}/check-in', 'POST /api/v1/quiz-attempts/{id}/submit',
    'POST /api/v1/gifts/{id}/redemptions', 'POST /api/v1/stations/{id}/redemptions/fulfil',
    'POST /api/v1/admin/settlements', 'POST /api/v1/surveys/{id}/responses',
  ]) {
    expect(declared).toContain(call);
  }
});
