// End to end in chromium: a returning member opening the card tab sees the card kept from the last
// visit (index.html's start snapshot) before the app's scripts have run, exactly where the page then
// draws its own, and never a blank frame between the two; another member's card is never shown.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, usePhone } from './browser.mjs'

const phone = usePhone(before, after)

/**
 * Installed before the page's scripts: in every animation frame, what is on screen where the card is —
 * the snapshot (`#mc-card-snapshot`, once shown) and the page's own card — with their places and points.
 */
const FRAMES = () => {
  window.__frames = []
  const seen = (el) => {
    if (!el) return null
    const r = el.getBoundingClientRect()
    return {
      x: r.x,
      y: r.y,
      width: r.width,
      height: r.height,
      points: el.querySelector('.member-card__points-value')?.textContent ?? '',
      text: el.textContent,
    }
  }
  const frame = () => {
    const shell = document.getElementById('mc-card-snapshot')
    const own = document.querySelector('#app .member-card')
    window.__frames.push({
      t: performance.now(),
      shell: shell && shell.style.visibility !== 'hidden' ? seen(shell.querySelector('.member-card')) : null,
      greeting: shell?.querySelector('.card-page__hello')?.textContent ?? null,
      own: own && own.checkVisibility({ visibilityProperty: true, opacityProperty: true }) ? seen(own) : null,
    })
    if (window.__frames.length < 600) requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
}

/** A start of the app at `url` (from a blank page, so a hash change is a start too): its frames. */
async function framesOfStart(page, url) {
  await page.goto('about:blank')
  await page.goto(url)
  await page.locator('#app .member-card__points-value').waitFor({ timeout: 15000 })
  await page.waitForFunction(() => !document.getElementById('mc-card-snapshot'))
  await page.waitForTimeout(300)
  return page.evaluate(() => window.__frames)
}

test('a returning member sees the kept card at once, where the page then shows its own, with no blank frame', async () => {
  const { page } = phone
  await page.addInitScript(FRAMES)
  // The first visit: nothing kept yet, so the page's own card is the first thing on screen.
  const first = await framesOfStart(page, `${BASE}/#/pages/card/index?persona=silver`)
  assert.equal(first.filter((f) => f.shell).length, 0)
  await page.waitForFunction(() => localStorage.getItem('mc.cardSnapshot') !== null)
  const points = await page.locator('#app .member-card__points-value').innerText()

  // The next start.
  const frames = await framesOfStart(page, `${BASE}/#/pages/card/index?persona=silver`)
  const shown = frames.findIndex((f) => f.shell)
  assert.ok(shown >= 0, 'the kept card was on screen')
  assert.equal(
    frames.findIndex((f) => f.shell || f.own),
    shown,
    'the kept card came first',
  )
  assert.equal(frames[shown].shell.points, points)
  assert.match(frames[shown].shell.text, /银卡/)
  assert.match(frames[shown].greeting, /林小满/)
  // From its first frame on, a card is on screen in every frame; the page's own, once the kept one
  // is gone, is where the kept one was.
  for (const f of frames.slice(shown)) assert.ok(f.shell || f.own, `a frame at ${f.t.toFixed(0)} ms had no card`)
  const swapped = frames.findIndex((f, i) => i > shown && !f.shell)
  const mine = frames[swapped].own
  const kept = frames[shown].shell
  for (const k of ['x', 'y', 'width', 'height'])
    assert.ok(Math.abs(mine[k] - kept[k]) < 0.5, `${k}: ${kept[k]} → ${mine[k]}`)
  // Then it goes: the page's own card is the only one.
  assert.equal(frames.at(-1).shell, null)
  assert.equal(await page.locator('.member-card').count(), 1)
  await page.screenshot({ path: `${SHOTS}/card-after-snapshot.png` })
})

test('another member signed in on this phone: the last one’s card is never shown', async () => {
  const { page } = phone
  // A persona link for someone else: nothing kept is shown, and the kept card goes with the sign-in.
  const switched = await framesOfStart(page, `${BASE}/#/pages/card/index?persona=gold-drop`)
  assert.equal(switched.filter((f) => f.shell).length, 0)
  await page.locator('#app .card-page').getByText('周一一').first().waitFor({ timeout: 15000 })
  // The next plain start shows the new member's kept card, if any, and never the last one's.
  await page.waitForFunction(() => (localStorage.getItem('mc.cardSnapshot') ?? '').includes('周一一'))
  const frames = await framesOfStart(page, `${BASE}/#/pages/card/index`)
  const shells = frames.filter((f) => f.shell)
  assert.ok(shells.length > 0)
  for (const f of shells) assert.doesNotMatch(f.shell.text, /林小满/)
})
