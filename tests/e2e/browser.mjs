// Debian's chromium driven by playwright-core (never a downloaded browser), with the flags this machine needs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchProfile } from '../../scripts/lib/chromium.mjs'

/**
 * A fresh browser profile at phone size; call `close()` when done. `geolocation` (a GPS reading,
 * WGS-84) makes the position allowed and known, as for a member who said yes before; `time` (ms)
 * starts every tab's clock there (it then runs on as usual), so date-bound tests pass any day.
 */
export async function openPhone({ width = 390, height = 844, geolocation = null, time = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mc-e2e-'))
  const context = await launchProfile(dir, {
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  if (time !== null) await context.clock.install({ time })
  if (geolocation) {
    await context.grantPermissions(['geolocation'])
    await context.setGeolocation(geolocation)
  }
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    close: async () => {
      await context.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Where the built app is served (set by `npm run test:e2e`). */
export const BASE = process.env.E2E_BASE_URL ?? ''
/** Screenshots from test runs (git-ignored). */
export const SHOTS = 'test-results'

/**
 * One phone for a test file, opened before its tests and closed after: `phone.page` is the
 * member's tab; `phone.till()` opens a second tab on the same device (sharing its backend).
 */
export function usePhone(before, after, options = {}) {
  if (!BASE) throw new Error('E2E_BASE_URL is not set: run through `npm run test:e2e`')
  mkdirSync(SHOTS, { recursive: true })
  let opening = null
  const phone = {
    page: null,
    context: null,
    /** A second tab on the same device (the till simulator, sharing the in-process backend). */
    async till() {
      await opening
      const tab = await phone.context.newPage()
      tab.on('pageerror', (e) => console.error('till page error:', e.message))
      return tab
    },
  }
  before(() => {
    opening = openPhone(options).then((opened) => {
      phone.page = opened.page
      phone.context = opened.context
      phone.close = opened.close
      phone.page.on('pageerror', (e) => console.error('page error:', e.message))
    })
    return opening
  })
  after(async () => phone.close?.())
  return phone
}

/** Open the till simulator in `tab` (of the site at `base`), signed in with the demo till key; resolves to its code field. */
export async function openTill(tab, base = BASE) {
  await tab.goto(`${base}/#/packages/staff/till/index`)
  const key = tab.locator('input[placeholder="收银台密钥"]')
  const codeField = tab.locator('input[placeholder="扫描或输入 18 位会员码"]')
  await codeField.or(key).first().waitFor({ timeout: 15000 })
  if (await key.isVisible()) {
    await key.fill('DEMO-TILL-1')
    await tab.getByText('进入收银台').click()
  }
  await codeField.waitFor()
  return codeField
}

/** The tab named `label` in the tab bar under the page on screen (the pages Taro keeps have their own, hidden). */
export const tabBar = (page, label) => page.getByRole('tab', { name: label })

/**
 * Resolves when the page the address names is the only page on screen and has slid fully in: a
 * page being pushed or popped still covers the one below it (and its tab bar) while it slides.
 */
export async function settled(page) {
  await page.waitForFunction(() => {
    const path = location.hash.slice(1).split('?')[0]
    const onScreen = [...document.querySelectorAll('.taro_page')].filter(
      (el) => getComputedStyle(el).display !== 'none',
    )
    return (
      onScreen.length === 1 &&
      onScreen[0].id.split('?')[0] === path &&
      onScreen[0].classList.contains('taro_page_stationed')
    )
  })
}

/** The phone's back, as a member uses it: once the page has slid in, and done when the page below is back on screen. */
export async function goBack(page) {
  await settled(page)
  await page.goBack()
  await settled(page)
}

/** The points on the member card, as a number (the first card on the page). */
export async function cardPoints(page) {
  return Number((await page.locator('.member-card__points-value').first().innerText()).replace(/,/g, ''))
}

/**
 * Wait until the card shows `want` points and the count-up has stopped there: a cached card may show
 * first and the refresh bring the change, and a slow phone animates longer than a fixed wait.
 */
export async function waitForCardPoints(page, want, timeoutMs = 15_000) {
  await page.waitForFunction(
    (n) => document.querySelector('.member-card__points-value')?.textContent?.replace(/,/g, '') === String(n),
    want,
    { timeout: timeoutMs },
  )
  await page.waitForTimeout(400)
  const shown = await cardPoints(page)
  if (shown !== want) throw new Error(`the card showed ${want} points, then ${shown}`)
}

/** The card's points once they have stopped changing (two reads 400 ms apart agree). */
export async function settledCardPoints(page, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  let last = await cardPoints(page)
  while (Date.now() < until) {
    await page.waitForTimeout(400)
    const now = await cardPoints(page)
    if (now === last) return now
    last = now
  }
  throw new Error(`the card's points did not settle (last read ${last})`)
}
