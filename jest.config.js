/** Two tiers: pure unit tests beside the code, and end-to-end tests on a real PostgreSQL (test/). */
const transform = { '^.+\\.(t|j)s$': ['@swc/jest'] };

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      transform,
      testEnvironment: 'node',
      roots: ['<rootDir>/workflows', '<rootDir>/src', '<rootDir>/scripts', '<rootDir>/bench'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      transform,
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
