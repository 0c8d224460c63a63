// The end-to-end suite: the real pages (miniprogram-simulate) against the real API, which
// tests/e2e/global-setup.js starts from scripts/e2e_server.py (MariaDB, Redis, WeChat stand-in).
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.js'],
  modulePathIgnorePatterns: ['<rootDir>/miniprogram_npm/'],
  globalSetup: '<rootDir>/tests/e2e/global-setup.js',
  globalTeardown: '<rootDir>/tests/e2e/global-teardown.js',
  // One server, reset between walks: the files must not run at the same time.
  maxWorkers: 1,
  testTimeout: 60000,
};
