module.exports = {
  // miniprogram-simulate renders components into a DOM, so every test runs in jsdom.
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/**/*.test.js'],
  modulePathIgnorePatterns: ['<rootDir>/miniprogram_npm/'],
  collectCoverageFrom: ['services/**/*.js', 'utils/**/*.js', 'pages/**/*.js', 'components/**/*.js', 'scripts/**/*.js'],
};
