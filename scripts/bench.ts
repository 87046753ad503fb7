/**
 * npm run bench — figures for the closing note, never assertions.
 *  1. Member code in Node: median time to generate a code, and to draw barcode + QR on a 2D context.
 *  2. H5 in Debian's chromium: time from a cold start to a drawn (scannable) member code, and on the
 *     card tab to the cached card on screen (a returning member: first the start snapshot index.html
 *     shows, then the card page's own points), next to the time a bare
 *     one-page Taro 4 H5 build takes to render its page; and the ratios. Then the same starts to the
 *     frame after those marks, when what they mark is on screen (see MARK_PAINTED), and those ratios;
 *     and the returning starts to the browser's first contentful paint.
 * Env: BENCH_RUNS (cold starts per app, default 7), BENCH_SKIP_BUILD=1 (reuse dist/h5 and .bench/bare/dist),
 * BENCH_ONLY=node (skip the browser), BENCH_ONLY=code (only the member code and the bare page: quick while
 * iterating), BENCH_ONLY=starts (the three starts, not the ledger), BENCH_DIST=<dir> (time another H5 build, e.g. one made before a change; implies no build).
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance as clock } from 'node:perf_hooks'
import { hexToBytes, memberCodeAt } from '../src/domain/member-code'
import { code128CModules } from '../src/domain/code128'
import { drawBarcode, drawQr, paintBackground, qrMatrix, type DrawContext } from '../src/components/code-canvas/draw'
import { CHROMIUM_ARGS, launchProfile } from './lib/chromium.mjs'
import { serveStatic } from './lib/static-server.mjs'
import { Engine } from '../mock/engine/engine'
import type { Db } from '../mock/engine/db'
import { RecordStore } from '../src/backend/record-store'

const LEDGER_SIZE = 10_000

/** A backend whose black persona has 10,000 ledger entries (earns of ¥30–¥90 over three years). */
export function engineWithLongLedger(now: number): Engine {
  const engine = new Engine(null, { now: () => now })
  const db = engine.db as Db
  const m = db.members['m-black']
  const toAdd = LEDGER_SIZE - m.ledger.length
  for (let i = 0; i < toAdd; i++) {
    const at = now - Math.floor(((i + 1) * 3 * 365 * 86_400_000) / LEDGER_SIZE)
    m.ledger.push({
      id: `e-bench-${i}`,
      at,
      type: i % 17 === 0 ? 'redeem' : 'earn',
      points: i % 17 === 0 ? -(100 + (i % 5) * 100) : 30 + (i % 7) * 10,
      note: i % 17 === 0 ? '兑换 拿铁兑换券' : `徐汇滨江店消费 ¥${30 + (i % 7) * 10}`,
    })
  }
  return engine
}

function engineFigures() {
  const engine = engineWithLongLedger(Date.now())
  let cursor = 0
  const first = timeEach(1, () => engine.ledger('m-black', undefined, 0, 30)) // sorts once
  const warm = timeEach(500, () => engine.ledger('m-black', undefined, 0, 30))
  const deep = timeEach(500, (i) => {
    const page = engine.ledger('m-black', undefined, i === 0 ? 0 : cursor, 30)
    cursor = page.nextCursor ?? 0
  })
  const filtered = timeEach(1, () => engine.ledger('m-black', 'redeem', 0, 30))
  return { first, warm, deep, filtered, entries: engine.db.members['m-black'].ledger.length }
}

const ROOT = resolve(__dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS) || 7
/** The pause between a first start and the second (a returning member's). */
const SETTLE_MS = 1000

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(1)} ms`)

function timeEach(n: number, fn: (i: number) => void): number {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t = clock.now()
    fn(i)
    times.push(clock.now() - t)
  }
  return median(times)
}

function nodeFigures() {
  const secret = hexToBytes('3132333435363738393031323334353637383930')
  const t0 = Date.UTC(2026, 10, 28)
  for (let i = 0; i < 200; i++) memberCodeAt('1000000002', secret, t0 + i * 30_000) // warm up
  const generate = timeEach(1000, (i) => memberCodeAt('1000000002', secret, t0 + i * 30_000))
  // A 2D context that only counts: the drawing code's own cost (the browser's raster cost is in the H5 figure).
  let rects = 0
  const ctx: DrawContext = { fillStyle: '', fillRect: () => void rects++, clearRect: () => undefined }
  const draw = timeEach(1000, (i) => {
    const code = memberCodeAt('1000000002', secret, t0 + i * 30_000)
    paintBackground(ctx, 960, 274)
    drawBarcode(ctx, code128CModules(code), 960, 274)
    paintBackground(ctx, 540, 540)
    drawQr(ctx, qrMatrix(code), 540)
  })
  return { generate, draw }
}

function build(cwd: string, label: string) {
  const t = clock.now()
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (r.status !== 0) throw new Error(`${label} build failed:\n${(r.stdout + r.stderr).slice(-3000)}`)
  console.log(`built ${label} in ${((clock.now() - t) / 1000).toFixed(1)} s`)
}

function prepareBare(): string {
  const dir = join(ROOT, '.bench/bare')
  rmSync(join(dir, 'src'), { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  cpSync(join(ROOT, 'scripts/bench-bare'), dir, { recursive: true })
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

interface StartTarget {
  url: string
  /** The marks that mean "drawn": ms to the last of them. */
  marks: string[]
  /** Installed before the page's scripts; with it, ms to its `bench:after` mark on the second start too. */
  init?: string
  /** A mark a returning start may make before `marks`: what is on screen first (the card's start snapshot). */
  firstSight?: string
}

interface StartTimes {
  first: number[]
  again: number[]
  after: number[]
  /** The same starts to the frame after the marks: when what they mark is on screen. */
  firstPainted: number[]
  againPainted: number[]
  /** The returning start to its `firstSight` mark, and to the frame after it. */
  againFirstSight: number[]
  againFirstSightPainted: number[]
  /** The returning start to the browser's first contentful paint (whatever it showed). */
  againContentful: number[]
}

/**
 * Cold starts: a fresh browser profile each time. Returns ms from navigation start to the marks,
 * for the first start (nothing stored) and for a second start of the same profile (a returning
 * member: signed in, secret on the phone). The targets take turns run by run, so a burst of load
 * from elsewhere on the machine falls on all of them alike and the ratios stay fair.
 */
async function coldStarts<K extends string>(targets: Record<K, StartTarget>): Promise<Record<K, StartTimes>> {
  const keys = Object.keys(targets) as K[]
  const none = (): StartTimes => ({
    first: [],
    again: [],
    after: [],
    firstPainted: [],
    againPainted: [],
    againFirstSight: [],
    againFirstSightPainted: [],
    againContentful: [],
  })
  const out = Object.fromEntries(keys.map((k) => [k, none()])) as Record<K, StartTimes>
  for (let i = 0; i < RUNS; i++) {
    for (const key of keys) {
      const { url, marks, init, firstSight } = targets[key]
      const times = out[key]
      const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'))
      const context = await launchProfile(dir, {
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
      })
      try {
        const page = context.pages()[0] ?? (await context.newPage())
        if (init) await page.addInitScript(init)
        await page.addInitScript(`(${MARK_PAINTED})(${JSON.stringify(marks)}, 'bench:painted')`)
        if (firstSight)
          await page.addInitScript(`(${MARK_PAINTED})(${JSON.stringify([firstSight])}, 'bench:first-sight-painted')`)
        const markAt = (names: string[]) =>
          page.evaluate(`(${WHEN_MARKED})(${JSON.stringify(names)})`) as Promise<number>
        const measure = () => markAt(marks)
        await page.goto(url)
        times.first.push(await measure())
        times.firstPainted.push(await markAt(['bench:painted']))
        // A returning member comes back later, not while the first start is still settling (its
        // writes and refreshes): the same pause for every app.
        await page.waitForTimeout(SETTLE_MS)
        await page.reload()
        times.again.push(await measure())
        times.againPainted.push(await markAt(['bench:painted']))
        times.againContentful.push((await page.evaluate(WHEN_CONTENTFUL)) as number)
        if (firstSight) {
          times.againFirstSight.push(await markAt([firstSight]))
          times.againFirstSightPainted.push(await markAt(['bench:first-sight-painted']))
        }
        if (init) times.after.push(await markAt(['bench:after']))
      } finally {
        await context.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  return out
}

/** In the page: resolves with the time of the first contentful paint (the browser's own entry). */
const WHEN_CONTENTFUL = `new Promise((resolve, reject) => {
  new PerformanceObserver((list, observer) => {
    const entry = list.getEntriesByName('first-contentful-paint')[0]
    if (!entry) return
    observer.disconnect()
    resolve(entry.startTime)
  }).observe({ type: 'paint', buffered: true })
  setTimeout(() => reject(new Error('no first-contentful-paint within 20 s')), 20000)
})`

/**
 * In the page: resolves with the time of the last of the named marks once all are there, watching
 * with a PerformanceObserver rather than polling (a poll every few ms runs on the main thread being
 * timed). A string for the reason given at MARK_REFRESH_LANDED.
 */
const WHEN_MARKED = `(names) => new Promise((resolve, reject) => {
  const at = () => {
    const ts = names.map((n) => performance.getEntriesByName(n)[0]?.startTime)
    return ts.every((t) => typeof t === 'number') ? Math.max(...ts) : null
  }
  const now = at()
  if (now !== null) return resolve(now)
  const observer = new PerformanceObserver(() => {
    const t = at()
    if (t === null) return
    observer.disconnect()
    resolve(t)
  })
  observer.observe({ type: 'mark', buffered: true })
  setTimeout(() => reject(new Error('no ' + names.join(', ') + ' within 20 s')), 20000)
})`

/**
 * Installed before every start's scripts: once all of its marks are made, marks `bench:painted` in the
 * first task after the next animation frame, that is after the frame that puts them on screen. The
 * apps mark what they drew or rendered when it is committed, before the browser paints it; whatever
 * runs in between (a refresh starting, more rendering) holds that paint back, and this figure shows
 * it. Work that itself waits for a frame and a task may run first, so it errs late, never early.
 */
const MARK_PAINTED = `(names, painted) => {
  const pending = new Set(names)
  const mark = performance.mark.bind(performance)
  performance.mark = (name, options) => {
    const entry = mark(name, options)
    if (pending.delete(name) && pending.size === 0)
      requestAnimationFrame(() => setTimeout(() => mark(painted)))
    return entry
  }
}`

/**
 * Installed before the card tab's scripts: marks `bench:after` when a card with a new sync time is
 * stored (the refresh landing). The card itself marks `mc:card-shown` after its first commit with the
 * points in it (on a returning start, the cached card, shown before the refresh), as the code page
 * marks its drawn canvases and the bare page its first commit: a watcher of every DOM change in the
 * page would be timed with the card. A string, not a function: tsx's name helpers in a serialised
 * function do not exist in the page.
 */
const MARK_REFRESH_LANDED = `(() => {
  // The card's sync time as Taro storage keeps it ({ data: JSON }); a new one is the refresh landing.
  const syncedAt = (raw) => {
    try {
      return JSON.parse(JSON.parse(raw).data).state.lastSyncAt
    } catch {
      return null
    }
  }
  const cached = syncedAt(localStorage.getItem('mc.card'))
  const setItem = Storage.prototype.setItem
  Storage.prototype.setItem = function (key, value) {
    setItem.call(this, key, value)
    if (key === 'mc.card' && cached !== null && syncedAt(value) !== cached) performance.mark('bench:after')
  }
})()`

/** The points page with a 10,000-entry ledger: first rows, then heap and DOM after scrolling 3,000 entries in. */
async function ledgerInBrowser(url: string) {
  const now = Date.now()
  const engine = engineWithLongLedger(now)
  const session = engine.personaLogin('black', false)
  const taro = (value: string) => JSON.stringify({ data: value })
  // The backend's state as the app keeps it (record by record), so the figure has no one-time migration in it.
  const kept = new Map<string, string>()
  new RecordStore({
    getItem: (k) => kept.get(k) ?? null,
    trySetItem: (k, v) => Boolean(kept.set(k, v)),
    removeItem: (k) => void kept.delete(k),
  }).writeWhole(engine.db)
  const seed = {
    ...Object.fromEntries([...kept].map(([k, v]) => [k, taro(v)])),
    'mc.session': taro(
      JSON.stringify({
        state: { token: session.token, memberId: 'm-black', persona: 'black', clockOffsetMs: 0, signedOut: false },
        version: 2,
      }),
    ),
  }
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-'))
  const context = await launchProfile(dir, {
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
  })
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.addInitScript((items: Record<string, string>) => {
      if (sessionStorage.getItem('bench-seeded')) return
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v)
      sessionStorage.setItem('bench-seeded', '1')
    }, seed)
    const cdp = await context.newCDPSession(page)
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      return page.evaluate(
        () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 1048576,
      )
    }
    const nodes = () =>
      page.evaluate(() => ({
        all: document.getElementsByTagName('*').length,
        rows: document.querySelectorAll('.points-row').length,
      }))
    await page.goto(`${url}/#/packages/points/index`)
    const firstRow = (await (
      await page.waitForFunction(
        () => (document.querySelector('.points-row') ? globalThis.performance.now() : null),
        undefined,
        { timeout: 30_000, polling: 10 },
      )
    ).jsonValue()) as number
    const heapFirst = await heapMb()
    const nodesFirst = await nodes()
    const t = clock.now()
    const loaded = await page.evaluate(async () => {
      const list = document.querySelector('.points-page__list') as HTMLElement
      const spacer = document.querySelector('.points-list__spacer') as HTMLElement
      const rowHeight = (document.querySelector('.points-row') as HTMLElement).offsetHeight
      const deadline = performance.now() + 60_000
      while (spacer.offsetHeight / rowHeight < 3000 && performance.now() < deadline) {
        list.scrollTop = list.scrollHeight
        list.dispatchEvent(new Event('scroll'))
        await new Promise((r) => setTimeout(r, 30))
      }
      return Math.round(spacer.offsetHeight / rowHeight)
    })
    const scrollSeconds = (clock.now() - t) / 1000
    const heapAfter = await heapMb()
    const nodesAfter = await nodes()
    return { firstRow, heapFirst, heapAfter, nodesFirst, nodesAfter, loaded, scrollSeconds }
  } finally {
    await context.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  const node = nodeFigures()
  console.log('member code in Node (median of 1,000):')
  console.log(`  generate (TOTP + 18 digits)          ${fmt(node.generate)}`)
  console.log(`  draw barcode + QR (drawing code only) ${fmt(node.draw)}`)

  const e = engineFigures()
  console.log(`ledger pages in the engine (${e.entries.toLocaleString('en-US')} entries, 30 a page):`)
  console.log(`  first page, cold (orders the ledger once)   ${fmt(e.first)}`)
  console.log(`  first page, warm (median of 500)            ${fmt(e.warm)}`)
  console.log(`  paging through (median of 500 pages)        ${fmt(e.deep)}`)
  console.log(`  first page of one type, cold                ${fmt(e.filtered)}`)

  if (process.env.BENCH_ONLY === 'node') return

  const bareDir = prepareBare()
  const dist = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist/h5')
  if (!process.env.BENCH_DIST && (!process.env.BENCH_SKIP_BUILD || !existsSync(join(dist, 'index.html'))))
    build(ROOT, 'member club H5')
  if (!process.env.BENCH_SKIP_BUILD || !existsSync(join(bareDir, 'dist/index.html')))
    build(bareDir, 'bare one-page Taro H5')

  const ours = await serveStatic(dist)
  const bare = await serveStatic(join(bareDir, 'dist'))
  try {
    const codeOnly = process.env.BENCH_ONLY === 'code'
    const codeTarget: StartTarget = {
      url: `${ours.url}/#/pages/code/index?persona=silver`,
      marks: ['mc:barcode-drawn', 'mc:qr-drawn'],
    }
    const cardTarget: StartTarget = {
      url: `${ours.url}/#/pages/card/index?persona=silver`,
      marks: ['mc:card-shown'],
      init: MARK_REFRESH_LANDED,
      firstSight: 'mc:card-snapshot',
    }
    const bareTarget: StartTarget = { url: `${bare.url}/`, marks: ['bare:ready'] }
    const times = codeOnly
      ? { ...(await coldStarts({ code: codeTarget, page: bareTarget })), card: null }
      : await coldStarts({ code: codeTarget, card: cardTarget, page: bareTarget })
    const { code, card, page } = times
    const row = (label: string, xs: number[]) =>
      console.log(`  ${label.padEnd(58)} ${fmt(median(xs)).padStart(9)}   [${xs.map((t) => t.toFixed(0)).join(', ')}]`)
    console.log(`H5 start in chromium, ms from navigation to drawn (median of ${RUNS} fresh profiles, taking turns):`)
    row('member code, first start (seed, sign-in, secret, draw)', code.first)
    row('member code, returning member (secret on the phone)', code.again)
    if (card) {
      row('card tab, first start (seed, sign-in, card fetched)', card.first)
      row('card tab from cache, returning member (start snapshot shown)', card.againFirstSight)
      row('card tab from cache, returning member (points in the page)', card.again)
      row('  then the refresh lands (a card with a new sync time stored)', card.after)
    }
    row('bare one-page Taro H5, first start', page.first)
    row('bare one-page Taro H5, second start', page.again)
    const ratio = (ours: number[], bare: number[]) => `${(median(ours) / median(bare)).toFixed(2)}×`
    console.log(`  ratio, first start      ${ratio(code.first, page.first)}`)
    console.log(`  ratio, returning member ${ratio(code.again, page.again)}`)
    if (card) {
      console.log(
        `  ratio, card from cache  ${ratio(card.againFirstSight, page.again)} (the page: ${ratio(card.again, page.again)})`,
      )
    }
    console.log('the same starts to the frame after the marks (on screen):')
    row('member code, first start', code.firstPainted)
    row('member code, returning member', code.againPainted)
    if (card) {
      row('card tab from cache, returning member (start snapshot)', card.againFirstSightPainted)
      row('card tab from cache, returning member (the page)', card.againPainted)
    }
    row('bare one-page Taro H5, first start', page.firstPainted)
    row('bare one-page Taro H5, second start', page.againPainted)
    console.log(`  ratio, first start      ${ratio(code.firstPainted, page.firstPainted)}`)
    console.log(`  ratio, returning member ${ratio(code.againPainted, page.againPainted)}`)
    if (card) {
      console.log(
        `  ratio, card from cache  ${ratio(card.againFirstSightPainted, page.againPainted)} (the page: ${ratio(card.againPainted, page.againPainted)})`,
      )
    }
    console.log("the returning starts to the browser's first contentful paint (whatever it showed):")
    row('member code, returning member', code.againContentful)
    if (card) row('card tab from cache, returning member', card.againContentful)
    row('bare one-page Taro H5, second start', page.againContentful)
    console.log(`  ratio, returning member ${ratio(code.againContentful, page.againContentful)}`)
    if (card) console.log(`  ratio, card from cache  ${ratio(card.againContentful, page.againContentful)}`)
    if (codeOnly || process.env.BENCH_ONLY === 'starts') return
    const l = await ledgerInBrowser(ours.url)
    console.log('points page in H5 with a 10,000-entry ledger (pages of 30):')
    console.log(`  navigation to the first ledger row           ${fmt(l.firstRow)}`)
    console.log(
      `  JS heap after the first page                 ${l.heapFirst.toFixed(1)} MB   (${l.nodesFirst.all} DOM nodes, ${l.nodesFirst.rows} rows)`,
    )
    console.log(
      `  JS heap after scrolling ${l.loaded.toLocaleString('en-US')} entries in   ${l.heapAfter.toFixed(1)} MB   (${l.nodesAfter.all} DOM nodes, ${l.nodesAfter.rows} rows; ${l.scrollSeconds.toFixed(1)} s)`,
    )
  } finally {
    await ours.close()
    await bare.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
