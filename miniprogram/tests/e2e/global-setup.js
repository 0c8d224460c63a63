// Starts scripts/e2e_server.py with the Python of E2E_PYTHON (default ../.venv/bin/python),
// waits for its "E2E_READY <url>" line and hands the URL to the tests as E2E_BASE_URL.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '../../..');
const READY_TIMEOUT_MS = 90000;

module.exports = async function globalSetup() {
  if (process.env.E2E_BASE_URL_EXTERNAL) {
    // A server someone started by hand (e.g. while debugging a walk).
    process.env.E2E_BASE_URL = process.env.E2E_BASE_URL_EXTERNAL;
    return;
  }
  const python = path.resolve(process.cwd(), process.env.E2E_PYTHON || '../.venv/bin/python');
  if (!fs.existsSync(python)) {
    throw new Error(`E2E_PYTHON: no Python at ${python}; run make install-dev or set E2E_PYTHON`);
  }
  const child = spawn(python, [path.join(REPO, 'scripts/e2e_server.py')], {
    cwd: REPO,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  globalThis.__E2E_SERVER__ = child;
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`e2e server not ready after ${READY_TIMEOUT_MS} ms:\n${log}`)), READY_TIMEOUT_MS);
    const onData = (chunk) => {
      log += chunk.toString();
      const m = /E2E_READY (http:\/\/\S+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`e2e server exited (${code}) before it was ready:\n${log}`)); });
  });
  // Keep draining its output (a full pipe would block the server); show it when asked.
  const keep = (chunk) => { if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk); };
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.removeAllListeners('exit');
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  process.env.E2E_BASE_URL = url;
};
