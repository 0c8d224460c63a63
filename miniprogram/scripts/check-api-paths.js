#!/usr/bin/env node
// Usage: node scripts/check-api-paths.js <openapi.json> [servicesDir]
// Lists every API call the services make — each is written as
// request({ method: 'GET', path: '/api/v1/stations/{id}', ... }) — and exits 1 naming those whose
// path (or method on that path) is not in the OpenAPI document's `paths`. Path parameter names
// are not compared ({id} matches {station_id}), only their positions.
const fs = require('fs');
const path = require('path');

const CALL_RE = /method:\s*['"]([A-Za-z]+)['"]\s*,\s*path:\s*['"`]([^'"`]+)['"`]/g;
const PATH_RE = /\bpath:\s*['"`]/g;

function normalise(apiPath) {
  return apiPath.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '') || '/';
}

/** Drop block comments and whole-line // comments, so that examples in comments are not calls. */
function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Every {file, method, path} the services declare; throws on a `path:` it cannot pair with a method. */
function collectCalls(servicesDir) {
  const calls = [];
  const files = fs.readdirSync(servicesDir).filter((f) => f.endsWith('.js')).sort();
  for (const file of files) {
    const source = stripComments(fs.readFileSync(path.join(servicesDir, file), 'utf8'));
    const found = [...source.matchAll(CALL_RE)].map((m) => ({ file, method: m[1].toUpperCase(), path: m[2] }));
    const declared = (source.match(PATH_RE) || []).length;
    if (declared !== found.length) {
      throw new Error(`${file}: ${declared} path declarations but ${found.length} are written as "method: '…', path: '…'"`);
    }
    calls.push(...found);
  }
  return calls;
}

/** The calls whose path or method the OpenAPI document lacks. */
function findMissing(calls, openapi) {
  const index = new Map();
  for (const [p, item] of Object.entries(openapi.paths || {})) {
    const methods = new Set(Object.keys(item || {}).map((m) => m.toUpperCase()));
    const key = normalise(p);
    index.set(key, new Set([...(index.get(key) || []), ...methods]));
  }
  const missing = [];
  const seen = new Set();
  for (const call of calls) {
    const id = `${call.method} ${call.path}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const methods = index.get(normalise(call.path));
    if (!methods) missing.push({ ...call, reason: 'path not in the OpenAPI document' });
    else if (!methods.has(call.method)) missing.push({ ...call, reason: `path has no ${call.method} operation` });
  }
  return missing;
}

function main(argv) {
  const [openapiFile, servicesDir = path.join(__dirname, '..', 'services')] = argv;
  if (!openapiFile) {
    process.stderr.write('usage: check-api-paths.js <openapi.json> [servicesDir]\n');
    return 2;
  }
  const openapi = JSON.parse(fs.readFileSync(openapiFile, 'utf8'));
  const calls = collectCalls(servicesDir);
  const missing = findMissing(calls, openapi);
  if (missing.length) {
    process.stdout.write(`${missing.length} API call(s) of the mini-program are not in ${openapiFile}:\n`);
    for (const m of missing) process.stdout.write(`  ${m.method} ${m.path}  (services/${m.file}: ${m.reason})\n`);
    return 1;
  }
  process.stdout.write(`all ${calls.length} API calls of the mini-program are in ${openapiFile}\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  }
}

module.exports = { collectCalls, findMissing, normalise, main };
