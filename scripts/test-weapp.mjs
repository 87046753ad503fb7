#!/usr/bin/env node
// npm run test:weapp [-- --build] [-- pages wechat http]
//
// The production WeChat build booted in Node as WeChat's logic layer runs it (tests/weapp/):
// every page × every persona and a visitor, the WeChat-only calls, setData sizes, and an
// http-mode build against `npm run mock:server`.
//
// 1. dist/weapp: reused when it is a production local-mode build newer than every source file
//    (CI runs this right after `npm run size`, which makes it); rebuilt otherwise, or with --build
//    (or WEAPP_REBUILD=1).
// 2. dist/weapp-http: the same app built with TARO_APP_API_MODE=http against a free port on
//    127.0.0.1; reused when fresh and made for a port that is still free.
// 3. node:test over tests/weapp/*.test.mjs (or only the files named), then the largest setData
//    per page and a closing line with the counts.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from 'node:test'
import { spec } from 'node:test/reporters'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'dist/weapp')
const HTTP_DIST = path.join(ROOT, 'dist/weapp-http')
const HTTP_MARK = path.join(HTTP_DIST, '.api-base')
const SOURCES = ['src', 'mock', 'config', 'babel.config.js', 'package.json', 'project.config.json', 'tsconfig.json']
const PREFERRED_PORT = 3187
const BUILD_TIMEOUT_MS = 5 * 60_000
const TEST_TIMEOUT_MS = 5 * 60_000

const t0 = Date.now()
const args = process.argv.slice(2)
const forceBuild = args.includes('--build') || process.env.WEAPP_REBUILD === '1'
const only = args.filter((a) => !a.startsWith('--'))
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`

function newestSource() {
  let newest = 0
  const visit = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false })
    if (!st) return
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e))
    else newest = Math.max(newest, st.mtimeMs)
  }
  for (const s of SOURCES) visit(path.join(ROOT, s))
  return newest
}

/** Why `dir` cannot be reused, or null when it can. */
function staleReason(dir, mode) {
  const appJs = path.join(dir, 'app.js')
  if (!fs.existsSync(appJs)) return 'no build'
  if (fs.statSync(path.join(dir, 'app.json')).mtimeMs < newestSource()) return 'sources changed since'
  // A --watch build is a development build: unminified, many lines.
  if (fs.readFileSync(appJs, 'utf8').split('\n').length > 50) return 'a development (watch) build'
  // The in-process backend (with its demo staff key) is compiled in only in local mode.
  const main = ['app.js', 'common.js', 'vendors.js'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f))
  const hasMock = main.some((f) => fs.readFileSync(f, 'utf8').includes('DEMO-STAFF-1'))
  if (mode === 'local' && !hasMock) return 'not a local-mode build'
  if (mode === 'http' && hasMock) return 'not an http-mode build'
  return null
}

function build(env, label) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    console.log(`test:weapp: building ${label} …`)
    const child = spawn('npx', ['taro', 'build', '--type', 'weapp'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => child.kill('SIGTERM'), BUILD_TIMEOUT_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) {
        console.log(`test:weapp: built ${label} in ${secs(Date.now() - started)}`)
        resolve()
      } else reject(new Error(`taro build (${label}) failed with ${code}:\n${out.slice(-4000)}`))
    })
  })
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function prepare(wantHttp) {
  const localStale = forceBuild ? 'asked to rebuild' : staleReason(DIST, 'local')
  if (localStale) {
    console.log(`test:weapp: dist/weapp: ${localStale}`)
    await build({ TARO_APP_API_MODE: 'local' }, 'dist/weapp (local mode, production)')
  } else console.log('test:weapp: reusing dist/weapp (fresh production local-mode build)')

  if (!wantHttp) return null
  const previous = fs.existsSync(HTTP_MARK) ? fs.readFileSync(HTTP_MARK, 'utf8').trim() : null
  const prevPort = previous ? Number(new URL(previous).port) : null
  const httpStale = forceBuild
    ? 'asked to rebuild'
    : (staleReason(HTTP_DIST, 'http') ?? (prevPort && (await portIsFree(prevPort)) ? null : 'its port is taken'))
  if (!httpStale) {
    console.log(`test:weapp: reusing dist/weapp-http (${previous})`)
    return previous
  }
  const port = (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort()
  const base = `http://127.0.0.1:${port}`
  console.log(`test:weapp: dist/weapp-http: ${httpStale}`)
  await build(
    { TARO_APP_API_MODE: 'http', TARO_APP_API_BASE: base, TARO_OUTPUT_ROOT: 'dist/weapp-http' },
    `dist/weapp-http (http mode, ${base})`,
  )
  fs.writeFileSync(HTTP_MARK, base + '\n')
  return base
}

function setDataTable(file) {
  if (!fs.existsSync(file)) return
  const largest = new Map() // route -> { bytes, nodes, count, byteScenario, nodeScenario }
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue
    const s = JSON.parse(line)
    const r = largest.get(s.route) ?? { bytes: 0, nodes: 0, count: 0, byteScenario: '', nodeScenario: '' }
    r.count++
    if (s.bytes > r.bytes) Object.assign(r, { bytes: s.bytes, byteScenario: s.scenario })
    if (s.nodes > r.nodes) Object.assign(r, { nodes: s.nodes, nodeScenario: s.scenario })
    largest.set(s.route, r)
  }
  console.log('\nLargest setData per page (limits: 256 KB, < 1000 nodes)')
  console.log(`${'page'.padEnd(28)} ${'bytes'.padStart(8)} ${'nodes'.padStart(6)}  calls  largest in`)
  for (const [route, r] of [...largest].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(
      `${route.padEnd(28)} ${String(r.bytes).padStart(8)} ${String(r.nodes).padStart(6)} ${String(r.count).padStart(6)}  ${r.byteScenario}`,
    )
  }
}

async function main() {
  const dir = path.join(ROOT, 'tests/weapp')
  const all = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort()
  const files = (only.length ? all.filter((f) => only.some((o) => f.startsWith(o))) : all).map((f) => path.join(dir, f))
  if (!files.length) throw new Error(`no test files match ${only.join(' ')} (have ${all.join(', ')})`)

  const base = await prepare(files.some((f) => f.endsWith('http.test.mjs')))
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mc-weapp-')), 'setdata.jsonl')
  Object.assign(process.env, {
    WEAPP_DIST: DIST,
    WEAPP_HTTP_DIST: HTTP_DIST,
    WEAPP_REPORT: report,
    ...(base ? { WEAPP_HTTP_BASE: base } : {}),
  })

  let passed = 0
  let failed = 0
  const testsStarted = Date.now()
  const stream = run({ files, concurrency: 1, timeout: TEST_TIMEOUT_MS })
  // Count tests, not the per-file wrappers node:test adds around them.
  const isFile = (e) => files.includes(e.file) && e.name === e.file
  stream.on('test:pass', (e) => !isFile(e) && e.details?.type !== 'suite' && passed++)
  stream.on('test:fail', (e) => !isFile(e) && e.details?.type !== 'suite' && failed++)
  await new Promise((resolve, reject) => {
    const out = stream.compose(spec)
    out.on('data', (d) => process.stdout.write(d))
    out.on('end', resolve)
    out.on('error', reject)
  })
  setDataTable(report)
  fs.rmSync(path.dirname(report), { recursive: true, force: true })
  const ok = failed === 0 && passed > 0
  console.log(
    `\ntest:weapp: ${ok ? 'PASS' : 'FAIL'} — ${passed} passed, ${failed} failed; tests ${secs(Date.now() - testsStarted)}, total ${secs(Date.now() - t0)}`,
  )
  process.exitCode = ok ? 0 : 1
}

main().catch((e) => {
  console.error(`test:weapp: ${e.stack ?? e}`)
  process.exit(1)
})
