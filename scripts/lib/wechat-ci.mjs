// WeChat's own compiler and code-quality checks, offline, through miniprogram-ci
// (getCompiledResult + checkCodeQuality) with a throwaway RSA key and a local `attr`, on the
// project as project.config.json describes it (its miniprogramRoot is the default build).
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { kb, pkgOf } from './size-report.mjs'

const require = createRequire(import.meta.url)
const FALLBACK_APPID = 'wx0000000000000000'
const secs = (ms) => (ms / 1000).toFixed(1) + ' s'

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${secs(ms)}`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

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
  const fmt = (a) =>
    a.map((x) => (x instanceof Error ? x.stack || String(x) : typeof x === 'string' ? x : JSON.stringify(x))).join(' ')
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
export function stopCiChildren() {
  for (const child of ciChildren) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    } catch {
      /* already gone */
    }
  }
}

function projectConfig(root) {
  return JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8'))
}

// Only the mini-program root and project.config.json are the project as WeChat sees it: keep the
// rest of the repository (src, mock, tests, other dist targets…) out of miniprogram-ci's file scan.
function ciIgnores(root, miniprogramRoot) {
  const keep = miniprogramRoot
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '')
    .split('/')
    .filter(Boolean)
  const ignores = []
  let dir = root
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

/**
 * Compile the project at `root` with WeChat's compiler and run its code-quality checks. Resolves to
 * { compile: { ok, files, packages } | null, checks, appid, errors, ... }; never rejects.
 * `roots` are the subpackage roots, to group the compiled bytes by package.
 */
export async function wechatChecks({ root, roots, stepTimeoutMs = 120_000, log = console.log }) {
  const result = { compile: null, checks: [], appid: null, errors: [] }
  trackForks()
  const loaded = await capturing(async () => require('miniprogram-ci'))
  if (loaded.error) {
    result.errors.push(`cannot load miniprogram-ci: ${loaded.error.message}`)
    return result
  }
  const ci = loaded.value
  const version = require('miniprogram-ci/package.json').version
  const cfg = projectConfig(root)
  const setting = cfg.setting || {}
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'size-ci-'))
  try {
    const privateKeyPath = makeKey(tmp)
    const candidates = [...new Set([process.env.SIZE_APPID, cfg.appid, FALLBACK_APPID].filter(Boolean))]
    const ignores = ciIgnores(root, cfg.miniprogramRoot || '')
    // Compression flags exactly as project.config.json `setting` has them.
    const ciSetting = {
      useProjectConfig: true,
      es6: !!setting.es6,
      minifyJS: !!setting.minified,
      minifyWXML: !!setting.minifyWXML,
      minifyWXSS: !!setting.minifyWXSS,
      autoPrefixWXSS: !!setting.postcss,
    }
    log(
      `miniprogram-ci ${version}; projectPath ${path.relative(process.cwd(), root) || '.'} (miniprogramRoot ${cfg.miniprogramRoot}); ` +
        `minified=${setting.minified} minifyWXML=${setting.minifyWXML} minifyWXSS=${setting.minifyWXSS} es6=${setting.es6}`,
    )

    let compiled = null
    for (const appid of candidates) {
      const started = Date.now()
      const r = await capturing(async () => {
        const project = new ci.Project({
          appid,
          type: 'miniProgram',
          projectPath: root,
          privateKeyPath,
          ignores,
          attr: projectAttr,
        })
        const files = await withTimeout(
          ci.getCompiledResult({ project, setting: ciSetting, threads: 0, onProgressUpdate: () => {} }),
          stepTimeoutMs,
          'ci.getCompiledResult',
        )
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
      result.whitelistOffline = [...r.lines.error, ...r.lines.log].some((l) =>
        /getwhiteextlist|white ext list/i.test(l),
      )
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
    log(
      `compile: OK — ${count} files in ${secs(result.compileMs)} (appid ${result.appid})` +
        (result.appid !== candidates[0] ? ` [appid ${candidates[0]} was rejected]` : ''),
    )
    if (result.whitelistOffline)
      log(
        'note: fetching the file-extension whitelist from servicewechat.com failed (offline) — harmless, the built-in list was used',
      )

    const started = Date.now()
    const q = await capturing(() =>
      withTimeout(ci.checkCodeQuality(compiled.project), stepTimeoutMs, 'ci.checkCodeQuality'),
    )
    result.checkMs = Date.now() - started
    if (q.error) {
      result.errors.push(`checkCodeQuality failed: ${q.error.message}`)
      return result
    }
    result.checks = (q.value || []).map((c) => ({
      name: c.name,
      success: !!c.success,
      text: c.text,
      detail: c.detail,
      docURL: c.docURL,
    }))
    // miniprogram-ci turns a check that throws into success=true after console.error: don't trust it.
    result.checkErrors = q.lines.error.filter((l) => !/white ext list|getwhiteextlist/i.test(l))
    if (!result.checks.length) result.errors.push('checkCodeQuality returned no checks')
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  return result
}

// miniprogram-ci's English texts read like failures even when a check passes ("JS compression is

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
    return [
      Object.entries(detail)
        .map(([k, v]) => `${k}: ${kb(v)} KB`)
        .join(', '),
    ]
  }
  if (Array.isArray(detail))
    return detail.length ? detail.slice(0, 15).map((d) => (typeof d === 'string' ? d : JSON.stringify(d))) : []
  if (typeof detail === 'object') {
    if (Array.isArray(detail.files))
      return detail.files.length
        ? [`${detail.files.length} file(s), ${kb(detail.size || 0)} KB: ${detail.files.slice(0, 15).join(', ')}`]
        : []
    const s = JSON.stringify(detail)
    return s === '{}' ? [] : [s.length > 300 ? s.slice(0, 300) + '…' : s]
  }
  return [String(detail)]
}

/** Print each check (what it requires; its own text when it fails). Returns the failure reasons. */
export function printChecks(w, log = console.log) {
  const failures = []
  if (!w.checks.length) return failures
  log('\ncode-quality checks:')
  for (const c of w.checks) {
    log(`  ${c.success ? 'PASS' : 'FAIL'}  ${c.name.padEnd(30)} ${CHECK_LABELS[c.name] || c.text || ''}`)
    if (!c.success && c.text) log(`          says: ${c.text}`)
    for (const d of describeDetail(c.name, c.detail)) log(`          ${d}`)
    if (!c.success)
      failures.push(`CODE-QUALITY CHECK FAILED: ${c.name} — ${c.text || ''}${c.docURL ? ` (${c.docURL})` : ''}`)
  }
  if (w.checkErrors?.length) {
    failures.push('CODE-QUALITY CHECK ERRORED (miniprogram-ci reports a throwing check as passed)')
    for (const l of w.checkErrors.slice(0, 10)) console.error('    ' + l.split('\n')[0])
  }
  return failures
}
