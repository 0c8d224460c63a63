module.exports = {
  // miniprogram-simulate renders components into a DOM, so every test runs in jsdom.
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/**/*.test.js'],
  // The end-to-end walks need the real server: `npm run test:e2e` (jest.e2e.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
  modulePathIgnorePatterns: ['<rootDir>/miniprogram_npm/'],
  collectCoverageFrom: ['services/**/*.js', 'utils/**/*.js', 'pages/**/*.js', 'components/**/*.js', 'scripts/**/*.js'],
};
