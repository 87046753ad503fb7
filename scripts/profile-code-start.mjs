/**
 * node scripts/profile-code-start.mjs — where the time goes between navigation and a drawn member
 * code in the production H5 build (dist/h5; build it first with `npm run build:h5`). Figures, not tests.
 *
 * Each run is a fresh chromium profile: the first visit (nothing stored: seed, persona sign-in,
 * secret) and a reload (a returning member: signed in, secret on the phone). For each visit it prints
 *  - the marks (`mc:*`, and any other performance.mark) in ms from navigation start;
 *  - the scripts loaded, their size and when they arrived;
 *  - what the main thread did before the code was drawn (from a chromium trace): script
 *    compile + evaluation per file, tasks, timers, style/layout/paint;
 *  - storage reads and writes, large JSON.parse / JSON.stringify calls, and timers of 50 ms or more
 *    (the in-process backend's simulated latency is a 120 ms timer per request) started before the draw;
 *  - with --bare: the same for the bare one-page Taro H5 app (.bench/bare/dist, built by npm run bench).
 *
 * Options: --runs N (default 5), --path '/#/pages/code/index?persona=silver', --marks a,b
 * (the marks that mean "drawn"; default mc:barcode-drawn,mc:qr-drawn), --dist dist/h5, --bare,
 * --selectors '.a,.b' (mark `dom:<selector>` when each first appears; e.g. the card tab:
 * --path '/#/pages/card/index?persona=silver' --selectors .card-page__hello --marks dom:.card-page__hello),
 * --json out.json (all raw figures), --trace-dir DIR (keep the chromium traces of the first run).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { launchProfile } from './lib/chromium.mjs'
import { serveStatic } from './lib/static-server.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const RUNS = Number(opt('runs', 5))
const PATH = opt('path', '/#/pages/code/index?persona=silver')
const MARKS = opt('marks', 'mc:barcode-drawn,mc:qr-drawn').split(',')
const DIST = resolve(ROOT, opt('dist', 'dist/h5'))
const JSON_OUT = opt('json', null)
const TRACE_DIR = opt('trace-dir', null)
const WITH_BARE = args.includes('--bare')
const SELECTORS = opt('selectors', '').split(',').filter(Boolean)

/** Installed before any page script: records storage use, big JSON work and long timers, with times. */
function instrument(selectors) {
  const log = []
  // `dom:<selector>` marks: the first time an element matching each selector is in the document.
  const pending = new Set(selectors)
  const look = () => {
    for (const sel of pending) {
      if (globalThis.document.querySelector(sel)) {
        performance.mark(`dom:${sel}`)
        pending.delete(sel)
      }
    }
    if (pending.size === 0) observer.disconnect()
  }
  const observer = new globalThis.MutationObserver(look)
  if (pending.size) observer.observe(globalThis.document, { childList: true, subtree: true })
  Object.defineProperty(globalThis, '__profile', { value: log, enumerable: false })
  const now = () => performance.now()
  const stack = () => {
    // The file that asked (minified names are useless; the chunk file is not).
    const lines = (new Error().stack ?? '').split('\n').slice(3)
    const m = lines.map((l) => /\/js\/([^/:]+\.js)/.exec(l)?.[1]).find(Boolean)
    return m ?? ''
  }
  const getItem = Storage.prototype.getItem
  const setItem = Storage.prototype.setItem
  Storage.prototype.getItem = function (key) {
    const t = now()
    const value = getItem.call(this, key)
    log.push({ kind: 'storage.get', key, bytes: value?.length ?? 0, at: t, ms: now() - t })
    return value
  }
  Storage.prototype.setItem = function (key, value) {
    const t = now()
    setItem.call(this, key, value)
    log.push({ kind: 'storage.set', key, bytes: String(value).length, at: t, ms: now() - t })
  }
  const parse = JSON.parse
  const stringify = JSON.stringify
  JSON.parse = function (text, reviver) {
    const t = now()
    const out = parse.call(JSON, text, reviver)
    if (typeof text === 'string' && text.length >= 10_000)
      log.push({ kind: 'JSON.parse', bytes: text.length, at: t, ms: now() - t, from: stack() })
    return out
  }
  JSON.stringify = function (value, replacer, space) {
    const t = now()
    const out = stringify.call(JSON, value, replacer, space)
    if (typeof out === 'string' && out.length >= 10_000)
      log.push({ kind: 'JSON.stringify', bytes: out.length, at: t, ms: now() - t, from: stack() })
    return out
  }
  const setTimeout0 = globalThis.setTimeout
  globalThis.setTimeout = function (fn, delay, ...rest) {
    if (typeof delay === 'number' && delay >= 50) log.push({ kind: 'timer', delay, at: now(), from: stack() })
    return setTimeout0.call(this, fn, delay, ...rest)
  }
}

/** Resolves with ms from navigation start to the last of `marks` (null when they never come). */
async function waitForMarks(page, marks) {
  const handle = await page.waitForFunction(
    (names) => {
      const times = names.map((n) => performance.getEntriesByName(n)[0]?.startTime)
      return times.every((t) => typeof t === 'number') ? Math.max(...times) : null
    },
    marks,
    { timeout: 30_000, polling: 10 },
  )
  return handle.jsonValue()
}

async function collectPage(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const resources = performance.getEntriesByType('resource').map((r) => ({
      name: new URL(r.name).pathname,
      start: r.startTime,
      end: r.responseEnd,
      bytes: r.decodedBodySize,
      fromCache: r.transferSize === 0,
    }))
    const marks = performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime }))
    const paints = performance.getEntriesByType('paint').map((p) => ({ name: p.name, at: p.startTime }))
    return {
      nav: nav && {
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
      },
      resources,
      marks,
      paints,
      log: globalThis.__profile ?? [],
    }
  })
}

/**
 * Main-thread work from a chromium trace, up to `until` ms after navigation start: per script file
 * compile and evaluation, and totals per kind of work.
 */
function summariseTrace(events, drawnMark, until) {
  const main = events.find((e) => e.name === 'TracingStartedInBrowser')
  // The renderer's main thread: the one that ran the page's scripts.
  const evalEvent = events.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url?.includes('/js/'))
  if (!evalEvent) return null
  const pid = evalEvent.pid
  const tid = evalEvent.tid
  // Trace time of navigation start: the drawn mark's trace time minus its performance time.
  const markEvent = events.find((e) => e.name === drawnMark.name && e.cat?.includes('blink.user_timing'))
  const zero = markEvent ? markEvent.ts - drawnMark.at * 1000 : null
  if (zero === null) return { note: 'no mark in trace', main: !!main }
  const onMain = events.filter(
    (e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= zero && e.ts <= zero + until * 1000,
  )
  const ms = (us) => Math.round(us / 100) / 10
  const perScript = {}
  const add = (url, field, dur) => {
    const file = url ? basename(new URL(url, 'http://x').pathname) || '(html)' : '(inline)'
    perScript[file] ??= { compile: 0, evaluate: 0, functionCalls: 0 }
    perScript[file][field] += dur
  }
  const kinds = {}
  let busy = 0
  for (const e of onMain) {
    const d = e.args?.data ?? {}
    if (e.name === 'EvaluateScript') add(d.url, 'evaluate', e.dur ?? 0)
    else if (e.name === 'v8.compile' || e.name === 'v8.compileModule' || e.name === 'V8.CompileCode')
      add(d.url ?? e.args?.fileName, 'compile', e.dur ?? 0)
    else if (e.name === 'FunctionCall') add(d.url, 'functionCalls', e.dur ?? 0)
    if (
      [
        'EvaluateScript',
        'FunctionCall',
        'TimerFire',
        'FireAnimationFrame',
        'v8.compile',
        'Layout',
        'UpdateLayoutTree',
        'Paint',
        'ParseHTML',
        'MajorGC',
        'MinorGC',
        'V8.GC_MC_BACKGROUND_MARKING',
        'RunMicrotasks',
        'EventDispatch',
        'v8.run',
        'CommitLoad',
        'ParseAuthorStyleSheet',
      ].includes(e.name)
    ) {
      kinds[e.name] = (kinds[e.name] ?? 0) + (e.dur ?? 0)
    }
  }
  // Busy: the union of the main thread's tasks (nested task events counted once).
  let coveredUntil = 0
  for (const e of onMain
    .filter((x) => x.name === 'RunTask' || x.name === 'ThreadControllerImpl::RunTask')
    .sort((a, b) => a.ts - b.ts)) {
    const start = Math.max(e.ts, coveredUntil)
    const end = e.ts + (e.dur ?? 0)
    if (end > start) busy += end - start
    coveredUntil = Math.max(coveredUntil, end)
  }
  const gc = events.filter(
    (e) =>
      e.pid === pid &&
      e.tid === tid &&
      /GC/.test(e.name) &&
      e.ph === 'X' &&
      e.ts >= zero &&
      e.ts <= zero + until * 1000,
  )
  kinds['GC (all)'] = gc.reduce((s, e) => s + (e.dur ?? 0), 0)
  return {
    busyMs: ms(busy),
    scripts: Object.fromEntries(
      Object.entries(perScript).map(([k, v]) => [
        k,
        { compile: ms(v.compile), evaluate: ms(v.evaluate), functionCalls: ms(v.functionCalls) },
      ]),
    ),
    kinds: Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, ms(v)])),
  }
}

async function traced(cdp, fn) {
  const events = []
  const onData = (e) => events.push(...e.value)
  cdp.on('Tracing.dataCollected', onData)
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8.execute',
        'v8',
        'loading',
        'toplevel',
      ],
    },
  })
  const result = await fn()
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
  await cdp.send('Tracing.end')
  await done
  cdp.off('Tracing.dataCollected', onData)
  return { result, events }
}

/** One fresh profile: the first visit and a reload, each measured, then traced in a second profile. */
async function oneRun(url, marks, runIndex, keepTraces) {
  const visits = {}
  for (const traceIt of [false, true]) {
    const dir = mkdtempSync(join(tmpdir(), 'mc-profile-'))
    const context = await launchProfile(dir, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    })
    try {
      const page = context.pages()[0] ?? (await context.newPage())
      await page.addInitScript(instrument, SELECTORS)
      const cdp = await context.newCDPSession(page)
      for (const [visit, go] of [
        ['first', () => page.goto(url)],
        ['again', () => page.reload()],
      ]) {
        if (!traceIt) {
          await go()
          const drawn = await waitForMarks(page, marks)
          // Let anything started just before the draw settle into the log, without waiting for polls.
          const data = await collectPage(page)
          visits[visit] = { drawn, ...data }
        } else {
          const { result: drawn, events } = await traced(cdp, async () => {
            await go()
            return waitForMarks(page, marks)
          })
          const data = await collectPage(page)
          const last = data.marks.filter((m) => marks.includes(m.name)).sort((a, b) => b.at - a.at)[0]
          visits[visit].traced = { drawn, trace: summariseTrace(events, last, drawn) }
          if (keepTraces && runIndex === 0)
            writeFileSync(join(keepTraces, `${visit}.json`), JSON.stringify({ traceEvents: events }))
        }
      }
    } finally {
      await context.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return visits
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)] : NaN
}
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–')
const kb = (b) => `${(b / 1024).toFixed(1)} KB`

function report(label, runs) {
  for (const visit of ['first', 'again']) {
    const vs = runs.map((r) => r[visit])
    console.log(
      `\n=== ${label}, ${visit === 'first' ? 'first start (nothing stored)' : 'second start (returning member)'} — median of ${vs.length} ===`,
    )
    console.log(
      `drawn at ${f1(median(vs.map((v) => v.drawn)))} ms   [${vs.map((v) => v.drawn.toFixed(0)).join(', ')}]   (traced: ${f1(median(vs.map((v) => v.traced?.drawn)))} ms)`,
    )
    const navKeys = ['responseEnd', 'domInteractive', 'domContentLoaded']
    console.log('navigation: ' + navKeys.map((k) => `${k} ${f1(median(vs.map((v) => v.nav?.[k])))}`).join(' · '))
    console.log(
      'paints: ' +
        [...new Set(vs.flatMap((v) => v.paints.map((p) => p.name)))]
          .map((n) => `${n} ${f1(median(vs.map((v) => v.paints.find((p) => p.name === n)?.at)))}`)
          .join(' · '),
    )
    // Marks in order of their median time.
    const markNames = [...new Set(vs.flatMap((v) => v.marks.map((m) => m.name)))]
    const markRows = markNames.map((n) => ({
      n,
      at: median(vs.map((v) => v.marks.find((m) => m.name === n)?.at)),
      count: median(vs.map((v) => v.marks.filter((m) => m.name === n).length)),
    }))
    console.log('marks (ms from navigation start):')
    for (const r of markRows.sort((a, b) => a.at - b.at))
      console.log(`  ${f1(r.at).padStart(8)}  ${r.n}${r.count > 1 ? ` (×${r.count})` : ''}`)
    // Scripts (first run's list; times are medians).
    const names = [
      ...new Set(vs.flatMap((v) => v.resources.filter((r) => /\.(js|css)$/.test(r.name)).map((r) => r.name))),
    ]
    console.log('scripts and styles fetched (ms from navigation start; size decoded):')
    let total = 0
    for (const n of names) {
      const rs = vs.map((v) => v.resources.find((r) => r.name === n)).filter(Boolean)
      const bytes =
        rs[0].bytes ||
        (() => {
          try {
            return statSync(join(runs.dist, n)).size
          } catch {
            return 0
          }
        })()
      if (n.endsWith('.js')) total += bytes
      console.log(
        `  ${basename(n).padEnd(24)} ${kb(bytes).padStart(9)}  start ${f1(median(rs.map((r) => r.start))).padStart(7)}  end ${f1(median(rs.map((r) => r.end))).padStart(7)}${rs.length < vs.length ? `  (in ${rs.length}/${vs.length} runs)` : ''}`,
      )
    }
    console.log(`  JS total ${kb(total)}`)
    const tr = vs.map((v) => v.traced?.trace).filter((t) => t && t.scripts)
    if (tr.length) {
      console.log(
        `main thread until drawn (trace; medians of ${tr.length}): busy in tasks ${f1(median(tr.map((t) => t.busyMs)))} ms`,
      )
      const files = [...new Set(tr.flatMap((t) => Object.keys(t.scripts)))]
      for (const file of files) {
        const g = (k) => median(tr.map((t) => t.scripts[file]?.[k] ?? 0))
        console.log(
          `  ${file.padEnd(24)} compile ${f1(g('compile')).padStart(6)}  evaluate ${f1(g('evaluate')).padStart(6)}  later calls ${f1(g('functionCalls')).padStart(6)}`,
        )
      }
      const kinds = [...new Set(tr.flatMap((t) => Object.keys(t.kinds)))]
      console.log('  by kind: ' + kinds.map((k) => `${k} ${f1(median(tr.map((t) => t.kinds[k] ?? 0)))}`).join(' · '))
    }
    // Storage, JSON and timers before the draw (the first run's, with each run's totals).
    const before = (v) => v.log.filter((e) => e.at <= v.drawn)
    const sum = (v, kind, field) =>
      before(v)
        .filter((e) => e.kind === kind)
        .reduce((s, e) => s + e[field], 0)
    const kinds = ['storage.get', 'storage.set', 'JSON.parse', 'JSON.stringify']
    console.log(
      'before the draw (medians): ' +
        kinds
          .map(
            (k) =>
              `${k} ${median(vs.map((v) => before(v).filter((e) => e.kind === k).length))}× ${kb(median(vs.map((v) => sum(v, k, 'bytes'))))} ${f1(median(vs.map((v) => sum(v, k, 'ms'))))} ms`,
          )
          .join(' · '),
    )
    const sample = vs[0]
    const rows = before(sample).filter((e) => e.kind !== 'storage.get' || e.bytes > 0 || e.key?.startsWith('mc.'))
    console.log(`  in order (first run):`)
    for (const e of rows) {
      const what =
        e.kind === 'timer'
          ? `setTimeout ${e.delay} ms${e.from ? ` from ${e.from}` : ''}`
          : `${e.kind} ${e.key ?? ''} ${kb(e.bytes)} in ${f1(e.ms)} ms${e.from ? ` from ${e.from}` : ''}`
      console.log(`  ${f1(e.at).padStart(8)}  ${what}`)
    }
  }
}

async function profile(label, root, path, marks) {
  const server = await serveStatic(root)
  const traceDir = TRACE_DIR ? resolve(TRACE_DIR, label.replace(/\W+/g, '-')) : null
  if (traceDir) mkdirSync(traceDir, { recursive: true })
  try {
    const runs = []
    for (let i = 0; i < RUNS; i++) runs.push(await oneRun(`${server.url}${path}`, marks, i, traceDir))
    runs.dist = root
    report(label, runs)
    return runs
  } finally {
    await server.close()
  }
}

async function main() {
  const out = {}
  out.app = await profile('member club H5', DIST, PATH, MARKS)
  if (WITH_BARE) out.bare = await profile('bare one-page Taro H5', join(ROOT, '.bench/bare/dist'), '/', ['bare:ready'])
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(out, null, 1))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
