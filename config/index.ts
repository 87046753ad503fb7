import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import path from 'node:path'
import devConfig from './dev'
import prodConfig from './prod'

// https://docs.taro.zone/docs/next/config
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const tsconfigPaths = (chain: { resolve: { plugin: (name: string) => { use: (p: unknown) => void } } }) => {
    chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'member-club',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // weapp and h5 each get their own folder so the two builds never overwrite each other;
    // TARO_OUTPUT_ROOT puts a variant elsewhere (the http-mode weapp that npm run test:weapp boots).
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    alias: { '@': path.resolve(__dirname, '..', 'src'), '@mock': path.resolve(__dirname, '..', 'mock') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true },
    mini: {
      // mock/ is compiled into the app in local mode (the in-process backend).
      compile: { include: [path.resolve(__dirname, '..', 'mock')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        tsconfigPaths(chain)
      },
    },
    h5: {
      compile: { include: [path.resolve(__dirname, '..', 'mock')] },
      publicPath: '/',
      staticDirectory: 'static',
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      devServer: { host: '127.0.0.1', port: 10086 },
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        tsconfigPaths(chain)
      },
    },
  }
  if (mode === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
