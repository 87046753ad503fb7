#!/usr/bin/env node
// npm run size
//
// 1. Production weapp build (`taro build --type weapp`, never --watch) into dist/weapp.
// 2. WeChat's own compiler and code-quality checks, offline, through miniprogram-ci
//    (getCompiledResult + checkCodeQuality) with a throwaway RSA key and a local `attr`.
// 3. Size report of dist/weapp against the budgets, also written to dist/size-report.json.
//
// Exit code 0 only when the build, the compile and every code-quality check pass and every
// package is within budget.
//
// Env:
//   SIZE_BUDGET_MAIN_KB   main package budget in KB (default 650: issues 3 and 4; issue 5 allows 700 with four tabs)
//   SIZE_BUDGET_SUB_KB    budget for each subpackage in KB (default 250)
//   SIZE_SKIP_BUILD=1     reuse the existing dist/weapp (for iterating on this script only)
//   SIZE_APPID            appid given to miniprogram-ci (default: project.config.json appid)
//   SIZE_CI_TIMEOUT_S     limit for each miniprogram-ci step (default 120)

import { spawn, execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const KB = 1024
const FLOOR_KB = 298 // bare one-page Taro 4 React weapp production build (TOOLCHAIN.md)
const TOP_FILES = 12
const BUILD_TIMEOUT_MS = 5 * 60_000
const CI_STEP_TIMEOUT_MS = (Number(process.env.SIZE_CI_TIMEOUT_S) || 120) * 1000
const WATCHDOG_MS = 9 * 60_000
const FALLBACK_APPID = 'wx0000000000000000'

const t0 = Date.now()
const failures = [] // human-readable reasons; non-empty => exit 1
const kb = (bytes) => (bytes / KB).toFixed(1)
const secs = (ms) => (ms / 1000).toFixed(1) + ' s'
const log = (...a) => console.log(...a)
const hr = (title) => log(`\n── ${title} ${'─'.repeat(Math.max(0, 66 - title.length))}`)

function readBudget(name, dflt) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return dflt
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`size: ${name}=${JSON.stringify(raw)} is not a positive number of KB`)
    process.exit(2)
  }
  return n
}
const BUDGET_MAIN_KB = readBudget('SIZE_BUDGET_MAIN_KB', 650)
const BUDGET_SUB_KB = readBudget('SIZE_BUDGET_SUB_KB', 250)

// Nothing below may hang the script: a last-resort watchdog.
const watchdog = setTimeout(() => {
  console.error(`\nsize: FAIL — gave up after ${secs(WATCHDOG_MS)} (watchdog)`)
  stopCiChildren()
  process.exit(1)
}, WATCHDOG_MS)
watchdog.unref()

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${secs(ms)}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

// ── 1. build ───────────────────────────────────────────────────────────────
async function build() {
  hr('taro build --type weapp (production)')
  const started = Date.now()
  const out = []
  const child = spawn('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so a timeout can stop all of it
  })
  // On a terminal Taro's progress bar redraws in place; in a pipe/log it would be hundreds of
  // lines, so there the output is printed once at the end without the progress blocks.
  const live = !!process.stdout.isTTY
  const onData = (stream) => (chunk) => {
    out.push(chunk.toString())
    if (live) stream.write(chunk)
  }
  child.stdout.on('data', onData(process.stdout))
  child.stderr.on('data', onData(process.stderr))
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      out.push(`\n[size] build timed out after ${secs(BUILD_TIMEOUT_MS)}\n`)
      try { process.kill(-child.pid, 'SIGTERM') } catch { /* the build already exited */ }
    }, BUILD_TIMEOUT_MS)
    child.on('error', (e) => { out.push(String(e)); clearTimeout(timer); resolve(-1) })
    child.on('close', (c, sig) => { clearTimeout(timer); resolve(c ?? (sig ? 128 : 1)) })
  })
  // eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes stripped here
  const ansiCodes = /\x1b\[[0-9;?]*[A-Za-z]/g
  const text = out.join('').replace(ansiCodes, '').replace(/\r/g, '\n')
  if (!live) log(withoutProgress(text))
  const ms = Date.now() - started
  // Taro does not always exit non-zero on a compile error, so look at the output and the files too.
  const lines = withoutProgress(text).split('\n')
  const errorLines = lines.filter((l) => /编译失败|✖|\bERROR\b|Failed to compile|Compiled with some errors|Module not found|Module build failed|SyntaxError|TypeError|ReferenceError|Error: /.test(l))
  const warnLines = lines.filter((l) => /编译警告|⚠|\bWARN(ING)?\b|Compiled with warnings|\[warn\]/i.test(l))
  const appJson = path.join(ROOT, 'dist/weapp/app.json')
  const fresh = fs.existsSync(appJson) && fs.statSync(appJson).mtimeMs >= started - 2000
  let reason = null
  if (code !== 0) reason = `taro build exited with code ${code}`
  else if (errorLines.length) reason = `taro build printed errors (${errorLines.length} line(s))`
  else if (!fresh) reason = 'taro build did not (re)write dist/weapp/app.json'
  return { ok: !reason, reason, code, ms, errorLines, warnLines }
}

function withoutProgress(text) {
  return text
    .split(/\n\s*\n/)
    .filter((block) => !/█/.test(block))
    .map((block) => block.replace(/^\n+|\s+$/g, ''))
    .filter(Boolean)
    .join('\n')
}

// ── 2. sizes from dist/weapp ───────────────────────────────────────────────
function walk(dir, base = dir, acc = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, ent.name)
    if (ent.isDirectory()) walk(abs, base, acc)
    else if (ent.isFile()) acc.push({ file: path.relative(base, abs).split(path.sep).join('/'), bytes: fs.statSync(abs).size })
  }
  return acc
}

function subpackageRoots(appJson) {
  const list = [...(appJson.subPackages || []), ...(appJson.subpackages || [])]
  const roots = list.map((p) => String(p.root || '').replace(/^\.?\/+/, '').replace(/\/+$/, '')).filter(Boolean)
  return [...new Set(roots)]
}

function pkgOf(file, roots) {
  return roots.find((r) => file === r || file.startsWith(r + '/')) ?? null
}

function measure(weappDir) {
  const appJson = JSON.parse(fs.readFileSync(path.join(weappDir, 'app.json'), 'utf8'))
  const roots = subpackageRoots(appJson)
  const files = walk(weappDir).sort((a, b) => b.bytes - a.bytes)
  const main = { name: 'main', bytes: 0, files: [] }
  const subs = new Map(roots.map((r) => [r, { name: r, bytes: 0, files: [] }]))
  for (const f of files) {
    const r = pkgOf(f.file, roots)
    const pkg = r ? subs.get(r) : main
    pkg.bytes += f.bytes
    pkg.files.push(f)
  }
  const total = files.reduce((s, f) => s + f.bytes, 0)
  return { appJson, roots, main, subs: [...subs.values()], total }
}

// ── 3. WeChat compiler + code-quality check (miniprogram-ci, offline) ──────
function makeKey(tmp) {
  const keyPath = path.join(tmp, 'private.key')
  try {
    execFileSync('openssl', ['genrsa', '-traditional', '-out', keyPath, '2048'], { stdio: 'ignore' })
  } catch {
    execFileSync('openssl', ['genrsa', '-out', keyPath, '2048'], { stdio: 'ignore' })
  }
  return keyPath
}

// What servicewechat.com would answer for an ordinary, unreleased mini-program (the same values
// miniprogram-ci falls back to); sizes in MB.
const projectAttr = async () => ({
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 20,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxCustomTabbarCount: 10,
    MaxTabbarIconSize: 40,
  },
})

// Capture console output of miniprogram-ci while `fn` runs (it logs liberally, and its
// quality checker swallows a throwing check as "passed" after a console.error).
async function capturing(fn) {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error }
  const lines = { log: [], error: [] }
  const fmt = (a) => a.map((x) => (x instanceof Error ? x.stack || String(x) : typeof x === 'string' ? x : JSON.stringify(x))).join(' ')
  console.log = console.info = (...a) => lines.log.push(fmt(a))
  console.warn = (...a) => lines.log.push(fmt(a))
  console.error = (...a) => lines.error.push(fmt(a))
  try {
    return { value: await fn(), lines }
  } catch (e) {
    return { error: e, lines }
  } finally {
    Object.assign(console, saved)
  }
}

// miniprogram-ci compiles in a forked child (summerEntryProcess) that it never stops; once this
// script exits it would live on as an orphan for a while. Record the children it forks (ours, by
// their ChildProcess handle) so they can be stopped at the end.
const ciChildren = new Set()
function trackForks() {
  const cp = require('node:child_process')
  if (cp.fork.__sizeTracked) return
  const fork = cp.fork
  cp.fork = function trackedFork(...args) {
    const child = fork.apply(this, args)
    ciChildren.add(child)
    child.once('exit', () => ciChildren.delete(child))
    return child
  }
  cp.fork.__sizeTracked = true
}
function stopCiChildren() {
  for (const child of ciChildren) {
    try { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM') } catch { /* already gone */ }
  }
}

function projectConfig() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'))
}

// Only the mini-program root and project.config.json are the project as WeChat sees it: keep the
// rest of the repository (src, mock, tests, other dist targets…) out of miniprogram-ci's file scan.
function ciIgnores(miniprogramRoot) {
  const keep = miniprogramRoot.replace(/^\.?\/+/, '').replace(/\/+$/, '').split('/').filter(Boolean)
  const ignores = []
  let dir = ROOT
  let rel = ''
  for (const seg of keep) {
    for (const name of fs.readdirSync(dir)) {
      if (name === seg) continue
      if (rel === '' && (name === 'project.config.json' || name === 'project.private.config.json')) continue
      const p = rel ? `${rel}/${name}` : name
      ignores.push(p, `${p}/**`)
    }
    dir = path.join(dir, seg)
    rel = rel ? `${rel}/${seg}` : seg
  }
  return ignores
}

async function wechatChecks(roots) {
  hr('WeChat compiler + code-quality check (miniprogram-ci, offline)')
  const result = { compile: null, checks: [], appid: null, errors: [] }
  trackForks()
  const loaded = await capturing(async () => require('miniprogram-ci'))
  if (loaded.error) {
    result.errors.push(`cannot load miniprogram-ci: ${loaded.error.message}`)
    return result
  }
  const ci = loaded.value
  const version = require('miniprogram-ci/package.json').version
  const cfg = projectConfig()
  const setting = cfg.setting || {}
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'size-ci-'))
  try {
    const privateKeyPath = makeKey(tmp)
    const candidates = [...new Set([process.env.SIZE_APPID, cfg.appid, FALLBACK_APPID].filter(Boolean))]
    const ignores = ciIgnores(cfg.miniprogramRoot || '')
    // Compression flags exactly as project.config.json `setting` has them.
    const ciSetting = {
      useProjectConfig: true,
      es6: !!setting.es6,
      minifyJS: !!setting.minified,
      minifyWXML: !!setting.minifyWXML,
      minifyWXSS: !!setting.minifyWXSS,
      autoPrefixWXSS: !!setting.postcss,
    }
    log(`miniprogram-ci ${version}; projectPath ${path.relative(process.cwd(), ROOT) || '.'} (miniprogramRoot ${cfg.miniprogramRoot}); ` +
      `minified=${setting.minified} minifyWXML=${setting.minifyWXML} minifyWXSS=${setting.minifyWXSS} es6=${setting.es6}`)

    let compiled = null
    for (const appid of candidates) {
      const started = Date.now()
      const r = await capturing(async () => {
        const project = new ci.Project({ appid, type: 'miniProgram', projectPath: ROOT, privateKeyPath, ignores, attr: projectAttr })
        const files = await withTimeout(
          ci.getCompiledResult({ project, setting: ciSetting, threads: 0, onProgressUpdate: () => {} }),
          CI_STEP_TIMEOUT_MS, 'ci.getCompiledResult')
        return { project, files }
      })
      if (r.error) {
        const msg = String(r.error.message || r.error).split('\n')[0]
        result.errors.push(`compile with appid ${appid} failed: ${msg}`)
        result.compileLog = [...r.lines.error, ...r.lines.log].slice(-40)
        // Only an appid complaint is worth another appid; a compile error is final.
        if (!/appid/i.test(msg)) break
        continue
      }
      result.appid = appid
      compiled = r.value
      result.compileMs = Date.now() - started
      result.compileNoise = r.lines.error
      result.whitelistOffline = [...r.lines.error, ...r.lines.log].some((l) => /getwhiteextlist|white ext list/i.test(l))
      break
    }
    if (!compiled) {
      result.compile = { ok: false }
      return result
    }
    // The files WeChat would pack (after its own compile), grouped by package.
    const groups = new Map([['main', 0], ...roots.map((r) => [r, 0])])
    let count = 0
    for (const [file, content] of Object.entries(compiled.files)) {
      const bytes = Buffer.isBuffer(content) ? content.length : Buffer.byteLength(String(content))
      const r = pkgOf(file.replace(/^\/+/, ''), roots) ?? 'main'
      groups.set(r, groups.get(r) + bytes)
      count++
    }
    result.compile = { ok: true, files: count, packages: Object.fromEntries(groups) }
    log(`compile: OK — ${count} files in ${secs(result.compileMs)} (appid ${result.appid})` +
      (result.appid !== candidates[0] ? ` [appid ${candidates[0]} was rejected]` : ''))
    if (result.whitelistOffline) log('note: fetching the file-extension whitelist from servicewechat.com failed (offline) — harmless, the built-in list was used')

    const started = Date.now()
    const q = await capturing(() => withTimeout(ci.checkCodeQuality(compiled.project), CI_STEP_TIMEOUT_MS, 'ci.checkCodeQuality'))
    result.checkMs = Date.now() - started
    if (q.error) {
      result.errors.push(`checkCodeQuality failed: ${q.error.message}`)
      return result
    }
    result.checks = (q.value || []).map((c) => ({ name: c.name, success: !!c.success, text: c.text, detail: c.detail, docURL: c.docURL }))
    // miniprogram-ci turns a check that throws into success=true after console.error: don't trust it.
    result.checkErrors = q.lines.error.filter((l) => !/white ext list|getwhiteextlist/i.test(l))
    if (!result.checks.length) result.errors.push('checkCodeQuality returned no checks')
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return result
}

// miniprogram-ci's English texts read like failures even when a check passes ("JS compression is
// not turned on"): print what each check requires, and its own text only when it fails.
const CHECK_LABELS = {
  PACKAGE_SIZE_LIMIT: 'main package (without plugins) < 1.5 MB',
  JS_COMPRESS_OPEN: 'JS minification on (setting.minified)',
  WXML_COMPRESS_OPEN: 'WXML minification on (setting.minifyWXML)',
  WXSS_COMPRESS_OPEN: 'WXSS minification on (setting.minifyWXSS)',
  LAZYCODE_LOADING_OPEN: 'app.json lazyCodeLoading on',
  IMAGE_AND_AUDIO_LIMIT: 'images + audio in the package ≤ 200 KB',
  CONTAINS_OTHER_PKG_JS: 'no main-package JS used only by subpackages',
  CONTAINS_OTHER_PKG_COMPONENTS: 'no main-package components used only by subpackages (advisory, never fails)',
  CONTAINS_UNUSED_PLUGINS: 'no unused plugins',
  CONTAINS_UNUSED_COMPONENTS: 'no unused components',
  CONTAINS_UNUSED_CODES: 'no unreferenced code files (advisory unless setting.ignoreUploadUnusedFiles is false)',
}

function describeDetail(name, detail) {
  if (detail == null) return []
  if (name === 'PACKAGE_SIZE_LIMIT' && typeof detail === 'object') {
    return [Object.entries(detail).map(([k, v]) => `${k}: ${kb(v)} KB`).join(', ')]
  }
  if (Array.isArray(detail)) return detail.length ? detail.slice(0, 15).map((d) => (typeof d === 'string' ? d : JSON.stringify(d))) : []
  if (typeof detail === 'object') {
    if (Array.isArray(detail.files)) return detail.files.length ? [`${detail.files.length} file(s), ${kb(detail.size || 0)} KB: ${detail.files.slice(0, 15).join(', ')}`] : []
    const s = JSON.stringify(detail)
    return s === '{}' ? [] : [s.length > 300 ? s.slice(0, 300) + '…' : s]
  }
  return [String(detail)]
}

// ── main ───────────────────────────────────────────────────────────────────
async function main() {
  const report = { generatedAt: new Date().toISOString(), unit: 'bytes (KB = 1024 bytes)', ok: false, failures }

  // 1. build
  if (process.env.SIZE_SKIP_BUILD === '1') {
    hr('build skipped (SIZE_SKIP_BUILD=1): measuring the existing dist/weapp')
    report.build = { skipped: true }
  } else {
    const b = await build()
    report.build = { ok: b.ok, exitCode: b.code, ms: b.ms, errors: b.errorLines.slice(0, 50), warnings: b.warnLines.slice(0, 50) }
    if (!b.ok) {
      failures.push(`BUILD FAILED: ${b.reason}`)
      for (const l of b.errorLines.slice(0, 20)) console.error('  ' + l)
      return finish(report)
    }
    log(`\nbuild: OK in ${secs(b.ms)}${b.warnLines.length ? ` — ${b.warnLines.length} warning line(s), see above` : ''}`)
  }

  const weappDir = path.join(ROOT, 'dist/weapp')
  if (!fs.existsSync(path.join(weappDir, 'app.json'))) {
    failures.push('dist/weapp/app.json is missing')
    return finish(report)
  }
  const m = measure(weappDir)

  // 2. WeChat compile + checks
  const w = await wechatChecks(m.roots)
  report.wechat = {
    appid: w.appid,
    compile: w.compile,
    compileMs: w.compileMs,
    checkMs: w.checkMs,
    checks: w.checks,
    errors: w.errors,
    checkErrors: w.checkErrors,
  }
  for (const e of w.errors) {
    console.error('  ' + e)
  }
  if (!w.compile?.ok) {
    failures.push(`WECHAT COMPILE FAILED (ci.getCompiledResult): ${w.errors.at(-1) || 'unknown error'}`)
    for (const l of (w.compileLog || []).slice(-20)) console.error('    ' + l)
  } else if (w.errors.length) {
    failures.push(`CODE-QUALITY CHECK COULD NOT RUN: ${w.errors.at(-1)}`)
  }
  if (w.checks.length) {
    log('\ncode-quality checks:')
    for (const c of w.checks) {
      log(`  ${c.success ? 'PASS' : 'FAIL'}  ${c.name.padEnd(30)} ${CHECK_LABELS[c.name] || c.text || ''}`)
      if (!c.success && c.text) log(`          says: ${c.text}`)
      for (const d of describeDetail(c.name, c.detail)) log(`          ${d}`)
      if (!c.success) failures.push(`CODE-QUALITY CHECK FAILED: ${c.name} — ${c.text || ''}${c.docURL ? ` (${c.docURL})` : ''}`)
    }
    if (w.checkErrors?.length) {
      failures.push('CODE-QUALITY CHECK ERRORED (miniprogram-ci reports a throwing check as passed)')
      for (const l of w.checkErrors.slice(0, 10)) console.error('    ' + l.split('\n')[0])
    }
  }

  // 3. size report
  hr('size report (dist/weapp, 1 KB = 1024 bytes)')
  const budgetMain = BUDGET_MAIN_KB * KB
  const budgetSub = BUDGET_SUB_KB * KB
  const wx = w.compile?.ok ? w.compile.packages : null
  const row = (label, bytes, budget, wxBytes) => {
    const over = bytes > budget
    const pct = ((bytes / budget) * 100).toFixed(0)
    log(`  ${label.padEnd(26)} ${kb(bytes).padStart(8)} KB  / ${String(budget / KB).padStart(4)} KB budget  ${pct.padStart(3)}%  ${over ? 'OVER BUDGET' : 'ok'}` +
      (wxBytes != null ? `   (WeChat packs ${kb(wxBytes)} KB)` : ''))
    return over
  }
  if (row('main package', m.main.bytes, budgetMain, wx?.main)) {
    failures.push(`BUDGET EXCEEDED: main package ${kb(m.main.bytes)} KB > ${BUDGET_MAIN_KB} KB (SIZE_BUDGET_MAIN_KB)`)
  }
  for (const s of m.subs) {
    if (row(`subpackage ${s.name}`, s.bytes, budgetSub, wx?.[s.name])) {
      failures.push(`BUDGET EXCEEDED: subpackage ${s.name} ${kb(s.bytes)} KB > ${BUDGET_SUB_KB} KB (SIZE_BUDGET_SUB_KB)`)
    }
  }
  if (!m.subs.length) log('  (no subpackages in app.json)')
  const wxTotal = wx ? Object.values(wx).reduce((a, b) => a + b, 0) : null
  log(`  ${'total'.padEnd(26)} ${kb(m.total).padStart(8)} KB` + (wxTotal != null ? `${' '.repeat(35)}(WeChat packs ${kb(wxTotal)} KB)` : ''))
  log(`  ${'bare-Taro floor (ref.)'.padEnd(26)} ${kb(FLOOR_KB * KB).padStart(8)} KB   main package is ${kb(m.main.bytes - FLOOR_KB * KB)} KB above it`)

  log(`\n  largest files of the main package (${m.main.files.length} files):`)
  for (const f of m.main.files.slice(0, TOP_FILES)) log(`    ${kb(f.bytes).padStart(8)} KB  ${f.file}`)
  for (const s of m.subs) {
    log(`  subpackage ${s.name} (${s.files.length} files): ` + s.files.slice(0, 6).map((f) => `${f.file.slice(s.name.length + 1)} ${kb(f.bytes)}`).join(', '))
  }

  report.budgetsKB = { main: BUDGET_MAIN_KB, subpackage: BUDGET_SUB_KB, bareTaroFloor: FLOOR_KB }
  report.main = { bytes: m.main.bytes, kb: +kb(m.main.bytes), budgetKB: BUDGET_MAIN_KB, withinBudget: m.main.bytes <= budgetMain, files: m.main.files }
  report.subpackages = m.subs.map((s) => ({ root: s.name, bytes: s.bytes, kb: +kb(s.bytes), budgetKB: BUDGET_SUB_KB, withinBudget: s.bytes <= budgetSub, files: s.files }))
  report.total = { bytes: m.total, kb: +kb(m.total) }
  return finish(report)
}

function finish(report) {
  report.ok = failures.length === 0
  report.elapsedMs = Date.now() - t0
  const out = path.join(ROOT, 'dist/size-report.json')
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n')
  } catch (e) {
    failures.push(`cannot write ${out}: ${e.message}`)
  }
  hr('result')
  if (failures.length) {
    for (const f of failures) console.error(`FAIL: ${f}`)
  } else {
    log('OK: build, WeChat compile, code-quality checks and size budgets all pass')
  }
  log(`report: ${path.relative(process.cwd(), out)}   time: ${secs(report.elapsedMs)}`)
  return failures.length ? 1 : 0
}

main().then(
  (code) => {
    stopCiChildren()
    process.exit(code) // miniprogram-ci may leave handles open: exit explicitly
  },
  (e) => {
    console.error('size: FAIL — unexpected error:', e?.stack || e)
    stopCiChildren()
    process.exit(1)
  },
)
