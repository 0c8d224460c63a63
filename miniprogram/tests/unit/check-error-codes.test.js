const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { messageCodes, findUnknown } = require('../../scripts/check-error-codes');

const SCRIPT = path.resolve(__dirname, '../../scripts/check-error-codes.js');
const REQUEST = path.resolve(__dirname, '../../services/request.js');

function writeCodes(codes) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codes-')), 'codes.json');
  fs.writeFileSync(file, JSON.stringify(codes));
  return file;
}

test('it reads every key of the real message table', () => {
  const codes = messageCodes(fs.readFileSync(REQUEST, 'utf8'));
  expect(codes).toContain('out_of_stock');
  expect(codes).toContain('insufficient_points');
  expect(codes).not.toContain('400'); // STATUS_MESSAGES is another table
});

test('a code the server never raises is named, and the run fails', () => {
  const all = messageCodes(fs.readFileSync(REQUEST, 'utf8'));
  const serverLacksOne = all.filter((code) => code !== 'out_of_stock');
  expect(findUnknown(all, serverLacksOne)).toEqual(['out_of_stock']);
  const run = spawnSync('node', [SCRIPT, writeCodes(serverLacksOne)], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('  out_of_stock\n');
});

test('it passes when the server raises every code of the table', () => {
  const all = messageCodes(fs.readFileSync(REQUEST, 'utf8'));
  const run = spawnSync('node', [SCRIPT, writeCodes([...all, 'something_else'])], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^all \d+ codes of CODE_MESSAGES/);
});
