#!/usr/bin/env node
// Usage: node scripts/check-error-codes.js <error-codes.json> [request.js]
// The mini-program says in Chinese what the API's most common errors mean, by their stable code
// (CODE_MESSAGES in services/request.js). This exits 1 naming each code of that table that the
// server never raises, so a renamed or removed code cannot leave a message that never shows.
// The server's list comes from `python scripts/error_codes.py` (run by `make lint`).
const fs = require('fs');
const path = require('path');

/** The keys of the CODE_MESSAGES object literal in the given source. */
function messageCodes(source) {
  const start = source.indexOf('const CODE_MESSAGES = {');
  if (start < 0) throw new Error('no CODE_MESSAGES table found');
  const body = source.slice(start, source.indexOf('};', start));
  return [...body.matchAll(/^\s*([a-z0-9_]+)\s*:/gm)].map((m) => m[1]);
}

/** The codes of the table that are not in the server's list. */
function findUnknown(codes, serverCodes) {
  const known = new Set(serverCodes);
  return codes.filter((code) => !known.has(code));
}

function main(argv) {
  const [codesFile, requestFile = path.join(__dirname, '..', 'services', 'request.js')] = argv;
  if (!codesFile) {
    process.stderr.write('usage: check-error-codes.js <error-codes.json> [request.js]\n');
    return 2;
  }
  const serverCodes = JSON.parse(fs.readFileSync(codesFile, 'utf8'));
  const codes = messageCodes(fs.readFileSync(requestFile, 'utf8'));
  const unknown = findUnknown(codes, serverCodes);
  if (unknown.length) {
    process.stdout.write(`${unknown.length} code(s) in CODE_MESSAGES are never raised by the server:\n`);
    for (const code of unknown) process.stdout.write(`  ${code}\n`);
    return 1;
  }
  process.stdout.write(`all ${codes.length} codes of CODE_MESSAGES are raised by the server\n`);
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

module.exports = { messageCodes, findUnknown, main };
