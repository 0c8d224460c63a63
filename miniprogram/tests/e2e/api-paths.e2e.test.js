// Every path the services call must exist in the running server's OpenAPI document.
const { collectCalls, findMissing } = require('../../scripts/check-api-paths');
const path = require('path');
const { api } = require('./harness');

test('every services/*.js call names a path and method the real API documents', async () => {
  const openapi = await api('GET', '/api/v1/openapi.json');
  const calls = collectCalls(path.join(__dirname, '../../services'));
  expect(calls.length).toBeGreaterThan(30);
  const missing = findMissing(calls, openapi).map((m) => `${m.method} ${m.path}`);
  expect(missing).toEqual([]);
});
