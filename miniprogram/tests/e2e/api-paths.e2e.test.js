// Every path the services call must exist in the running server's OpenAPI document.
const { collectCalls, findMissing } = require('../../scripts/check-api-paths');
const path = require('path');
const { api } = require('./harness');

// Endpoints of PRODUCT.md §12 whose domains the server has not merged yet. The test fails when
// one of them appears on the server, so that this list only ever shrinks.
const NOT_ON_THE_SERVER_YET = [
  // Settlement runs (PRODUCT.md §12): app/settlements has the kinds but no routes yet.
  'POST /api/v1/admin/settlements',
  'GET /api/v1/admin/settlements/{id}',
];

test('every services/*.js call names a path and method the real API documents', async () => {
  const openapi = await api('GET', '/api/v1/openapi.json');
  const calls = collectCalls(path.join(__dirname, '../../services'));
  expect(calls.length).toBeGreaterThan(30);
  const missing = findMissing(calls, openapi).map((m) => `${m.method} ${m.path}`);
  expect(missing.sort()).toEqual([...NOT_ON_THE_SERVER_YET].sort());
});
