#!/usr/bin/env node
// npm run size
//
// Two production weapp builds, each `taro build --type weapp` (never --watch):
//
// 1. The default build (the demo kit on, local mode) into dist/weapp: WeChat's own compiler and
//    code-quality checks on it (miniprogram-ci, offline; project.config.json points at dist/weapp),
//    then its size per package against the budgets.
// 2. The brand build (TARO_APP_API_MODE=http, so the demo kit is off by default) into
//    dist/weapp-brand: its size per package, and proof that it ships no demo: no staff subpackage
//    in app.json and none of the demo kit's words in the code.
//
// The report is also written to dist/size-report.json. Exit code 0 only when both builds, the
// compile and every code-quality check pass, every package of the default build is within budget
// and the brand build carries no demo.
//
// Env:
//   SIZE_BUDGET_MAIN_KB   main package budget in KB (default 650)
//   SIZE_BUDGET_SUB_KB    budget for each subpackage in KB (default 250)
//   SIZE_SKIP_BUILD=1     reuse the existing dist/weapp and dist/weapp-brand (for iterating on this script only)
//   SIZE_APPID            appid given to miniprogram-ci (default: project.config.json appid)
//   SIZE_CI_TIMEOUT_S     limit for each miniprogram-ci step (default 120)

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildWeapp } from './lib/weapp-build.mjs'
import { filesContaining, kb, measure, printSizes, sizesForReport } from './lib/size-report.mjs'
import { printChecks, stopCiChildren, wechatChecks } from './lib/wechat-ci.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// The main package of a bare one-page Taro 4 React weapp production build, measured once: what
// no Taro app can go below, so the report can say how much of the main package is ours.
const FLOOR_KB = 298
const CI_STEP_TIMEOUT_MS = (Number(process.env.SIZE_CI_TIMEOUT_S) || 120) * 1000
// Two builds of up to ~3 minutes each on a slow machine, plus the WeChat compile and checks.
const WATCHDOG_MS = 15 * 60_000

const BUILDS = {
  default: { outDir: 'dist/weapp', env: {} },
  // What a brand ships: a real backend over http, so the demo kit is off unless asked for.
  // TARO_APP_DEMO/TARO_APP_STAFF are cleared so a shell that exports them cannot turn it back on.
  brand: { outDir: 'dist/weapp-brand', env: { TARO_APP_API_MODE: 'http', TARO_APP_DEMO: '', TARO_APP_STAFF: '' } },
}
// What only the demo kit puts in the code: its words on 我的, and the launch reading `persona` from
// the query (app.js). A brand build must have none of them; the default build must have them all,
// or this check could not see them.
const DEMO_MARKS = [
  { word: '演示身份' },
  { word: '演示时间' },
  { word: '模拟定位' },
  { word: '门店收银台' },
  { word: '员工入口' },
  { word: 'persona', only: ['app.js'] },
]
// What 我的 keeps without the demo kit: a brand build must still have it (not an emptied page).
const KEPT_MARKS = [{ word: '编辑资料' }, { word: '我的邀请码' }, { word: '联系客服' }, { word: '注销账号' }]

const t0 = Date.now()
const failures = [] // human-readable reasons; non-empty => exit 1
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
const BUDGETS = { mainKB: readBudget('SIZE_BUDGET_MAIN_KB', 650), subKB: readBudget('SIZE_BUDGET_SUB_KB', 250) }

// Nothing below may hang the script: a last-resort watchdog.
const watchdog = setTimeout(() => {
  console.error(`\nsize: FAIL — gave up after ${secs(WATCHDOG_MS)} (watchdog)`)
  stopCiChildren()
  process.exit(1)
}, WATCHDOG_MS)
watchdog.unref()

/** Build one of BUILDS (unless SIZE_SKIP_BUILD=1) and measure it; null when there is nothing to measure. */
async function buildAndMeasure(name, report) {
  const { outDir, env } = BUILDS[name]
  const envText = Object.entries(env)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  if (process.env.SIZE_SKIP_BUILD === '1') {
    hr(`${name} build skipped (SIZE_SKIP_BUILD=1): measuring the existing ${outDir}`)
    report.build = { skipped: true }
  } else {
    hr(`${name} build: ${envText ? envText + ' ' : ''}taro build --type weapp (production) → ${outDir}`)
    const b = await buildWeapp({ root: ROOT, outDir, env, log })
    report.build = {
      ok: b.ok,
      exitCode: b.code,
      ms: b.ms,
      errors: b.errorLines.slice(0, 50),
      warnings: b.warnLines.slice(0, 50),
    }
    if (!b.ok) {
      failures.push(`${name.toUpperCase()} BUILD FAILED: ${b.reason}`)
      for (const l of b.errorLines.slice(0, 20)) console.error('  ' + l)
      return null
    }
    log(
      `\nbuild: OK in ${secs(b.ms)}${b.warnLines.length ? ` — ${b.warnLines.length} warning line(s), see above` : ''}`,
    )
  }
  const dir = path.join(ROOT, outDir)
  if (!fs.existsSync(path.join(dir, 'app.json'))) {
    failures.push(`${outDir}/app.json is missing`)
    return null
  }
  return measure(dir)
}

async function defaultBuild(report) {
  const m = await buildAndMeasure('default', report)
  if (!m) return

  hr('WeChat compiler + code-quality check (miniprogram-ci, offline)')
  const w = await wechatChecks({ root: ROOT, roots: m.roots, stepTimeoutMs: CI_STEP_TIMEOUT_MS, log })
  report.wechat = {
    appid: w.appid,
    compile: w.compile,
    compileMs: w.compileMs,
    checkMs: w.checkMs,
    checks: w.checks,
    errors: w.errors,
    checkErrors: w.checkErrors,
  }
  for (const e of w.errors) console.error('  ' + e)
  if (!w.compile?.ok) {
    failures.push(`WECHAT COMPILE FAILED (ci.getCompiledResult): ${w.errors.at(-1) || 'unknown error'}`)
    for (const l of (w.compileLog || []).slice(-20)) console.error('    ' + l)
  } else if (w.errors.length) {
    failures.push(`CODE-QUALITY CHECK COULD NOT RUN: ${w.errors.at(-1)}`)
  }
  failures.push(...printChecks(w, log))

  hr(`size report: default build (${BUILDS.default.outDir}, 1 KB = 1024 bytes)`)
  const over = printSizes(m, {
    budgets: BUDGETS,
    wechat: w.compile?.ok ? w.compile.packages : null,
    floorKB: FLOOR_KB,
    log,
  })
  for (const o of over) {
    const which = o.name === 'main package' ? 'SIZE_BUDGET_MAIN_KB' : 'SIZE_BUDGET_SUB_KB'
    failures.push(`BUDGET EXCEEDED: ${o.name} ${kb(o.bytes)} KB > ${kb(o.budget)} KB (${which})`)
  }
  Object.assign(
    report,
    { budgetsKB: { main: BUDGETS.mainKB, subpackage: BUDGETS.subKB, bareTaroFloor: FLOOR_KB } },
    sizesForReport(m, BUDGETS),
  )
}

async function brandBuild(report) {
  const m = await buildAndMeasure('brand', report)
  if (!m) return
  hr(`size report: brand build (${BUILDS.brand.outDir}, no budgets: for comparison)`)
  printSizes(m, { floorKB: FLOOR_KB, topFiles: 6, log })
  Object.assign(report, sizesForReport(m))

  const staff = m.roots.filter((r) => r.startsWith('packages/staff'))
  const found = (outDir) =>
    DEMO_MARKS.map(({ word, only }) => ({
      word,
      only,
      files: filesContaining(path.join(ROOT, outDir), word, { only }),
    }))
  const demo = found(BUILDS.brand.outDir).filter((d) => d.files.length)
  const blind = fs.existsSync(path.join(ROOT, BUILDS.default.outDir, 'app.json'))
    ? found(BUILDS.default.outDir).filter((d) => !d.files.length)
    : []
  const lost = KEPT_MARKS.filter(({ word }) => !filesContaining(path.join(ROOT, BUILDS.brand.outDir), word).length)
  const marks = DEMO_MARKS.map((d) => `「${d.word}」${d.only ? ` (in ${d.only.join(', ')})` : ''}`).join(' ')
  report.noDemo = {
    staffSubpackages: staff,
    demoMarks: demo,
    marksMissingFromDefaultBuild: blind.map((d) => d.word),
    keptMarksMissing: lost.map((d) => d.word),
  }
  log('\n  brand build carries no demo:')
  log(
    `    ${staff.length ? 'FAIL' : 'PASS'}  no staff subpackage in app.json${staff.length ? ` (found ${staff.join(', ')})` : ''}`,
  )
  log(`    ${demo.length ? 'FAIL' : 'PASS'}  none of ${marks} in the code`)
  for (const d of demo) log(`          「${d.word}」 in ${d.files.join(', ')}`)
  log(`    ${blind.length ? 'FAIL' : 'PASS'}  the default build has every one of them (so the check can see them)`)
  log(
    `    ${lost.length ? 'FAIL' : 'PASS'}  the brand build still has 我的 without the kit (${KEPT_MARKS.map((d) => `「${d.word}」`).join(' ')})`,
  )
  if (staff.length) failures.push(`BRAND BUILD HAS THE STAFF SUBPACKAGE: ${staff.join(', ')}`)
  if (demo.length) failures.push(`BRAND BUILD CARRIES DEMO CODE: ${demo.map((d) => d.word).join(', ')}`)
  if (lost.length) failures.push(`BRAND BUILD LOST WHAT 我的 KEEPS: ${lost.map((d) => d.word).join(', ')}`)
  if (blind.length)
    failures.push(
      `DEMO CHECK IS BLIND: the default build does not contain ${blind.map((d) => d.word).join(', ')}; update DEMO_MARKS`,
    )
}

async function main() {
  const report = {
    generatedAt: new Date().toISOString(),
    unit: 'bytes (KB = 1024 bytes)',
    ok: false,
    failures,
    default: {},
    brand: {},
  }
  await defaultBuild(report.default)
  await brandBuild(report.brand)
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
    log('OK: both builds, WeChat compile, code-quality checks, size budgets, and no demo in the brand build')
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
