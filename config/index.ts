import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { minify_sync as minifySync } from 'terser'
import { buildFlagEnv, resolveBuildFlags } from './build-flags'
import devConfig from './dev'
import prodConfig from './prod'

// The demo and staff switches, resolved once (see build-flags.ts). Written back to process.env
// because app.config.ts is evaluated later in this same process; passed to the bundler through `env`
// because Taro's define only carries TARO_APP_* names found in .env files, not shell-only ones.
const flags = buildFlagEnv(resolveBuildFlags(process.env))
Object.assign(process.env, flags)
// One persistent webpack cache per build variant: a cache shared by builds with different TARO_APP_*
// values served a stale module (a default build after a brand build came out with an empty 我的 page).
const variant = createHash('sha1')
  .update(JSON.stringify([flags, process.env.TARO_APP_API_MODE ?? '', process.env.TARO_APP_API_BASE ?? '']))
  .digest('hex')
  .slice(0, 8)
const cacheName = `${process.env.NODE_ENV}-${process.env.TARO_ENV}-${flags.TARO_APP_DEMO === '1' ? 'demo' : 'brand'}-${variant}`

/** A script for index.html, minified (it ships inline in every H5 page load). */
function startScript(file: string): string {
  const source = readFileSync(path.resolve(__dirname, '..', file), 'utf8')
  const { code } = minifySync(source, { ecma: 5, compress: { passes: 2 }, output: { ascii_only: false } })
  if (!code) throw new Error(`could not minify ${file}`)
  return code
}

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
    // weapp and h5 each get their own folder so the builds never overwrite each other; a build
    // without the demo (a brand's) goes to its own folder too (dist/weapp-brand); TARO_OUTPUT_ROOT
    // puts a variant elsewhere (the http-mode weapp that npm run test:weapp boots).
    outputRoot:
      process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}${flags.TARO_APP_DEMO === '1' ? '' : '-brand'}`,
    plugins: [],
    env: { TARO_APP_DEMO: JSON.stringify(flags.TARO_APP_DEMO), TARO_APP_STAFF: JSON.stringify(flags.TARO_APP_STAFF) },
    defineConstants: {},
    alias: { '@': path.resolve(__dirname, '..', 'src'), '@mock': path.resolve(__dirname, '..', 'mock') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true, name: cacheName },
    // Chinese copy as UTF-8, not \uXXXX escapes: Taro's mini-program default (ascii_only) writes each
    // character as 6 bytes instead of 3, which alone costs the main package ~20 KB. Terser still
    // escapes the two characters JavaScript engines once refused in strings (U+2028, U+2029).
    terser: { enable: true, config: { compress: { passes: 2 }, output: { ascii_only: false } } },
    mini: {
      // mock/ is compiled into the app in local mode (the in-process backend).
      compile: { include: [path.resolve(__dirname, '..', 'mock')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
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
      // index.html's start script (the card tab's snapshot), inlined so it runs before any download.
      htmlPluginOption: { cardSnapshot: startScript('src/adapters/card-snapshot/show.js') },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        tsconfigPaths(chain)
      },
    },
  }
  if (mode === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
