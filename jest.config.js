// Built on @tarojs/test-utils-react's preset, which replaces transform, setupFiles and testMatch and only merges globals and moduleNameMapper.
const path = require('node:path')
const defineJestConfig = require('@tarojs/test-utils-react/dist/jest.js').default

const transformer = require.resolve('@tarojs/test-utils-react/dist/jest/babel-transformer.js')

module.exports = defineJestConfig({
  testEnvironment: 'jsdom',
  bail: 0,
  testMatch: ['<rootDir>/tests/unit/**/*.test.{ts,tsx}', '<rootDir>/tests/pages/**/*.test.{ts,tsx}'],
  setupFilesAfterEnv: ['<rootDir>/tests/setup/taro.js'],
  transform: { '^.+\\.(mjs|js|jsx|ts|tsx)$': transformer },
  // Taro's runtime, stencil and swiper ship ES modules: transform node_modules too (the preset's default).
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json', 'jsx'],
  moduleNameMapper: {
    '^@/(.*)$': path.join(__dirname, 'src/$1'),
    '\\.(css|scss|sass|less)$': path.join(__dirname, 'tests/setup/style-stub.js'),
  },
  collectCoverageFrom: ['src/**/*.{ts,tsx}', 'mock/**/*.ts'],
})
