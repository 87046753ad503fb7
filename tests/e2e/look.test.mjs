// Every page held to what a reader needs, as a few members see it: text at WCAG AA contrast and at
// least 12 px, tap targets at least 44 × 44 px, and no page scrolling sideways with text at 1.3×.
// The offenders are listed by element and text, so a regression names what to fix.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, usePhone } from './browser.mjs'
import { LIMITS, VISITS, audit, openVisit, overflowAtScale } from './look-audit.mjs'

// A 375-px phone: the narrowest common one, where the design's px are halved.
const phone = usePhone(before, after, { width: 375, height: 667 })
let current

for (const visit of VISITS) {
  const who = visit.persona ?? 'a visitor'
  test(`${visit.name} as ${who}: contrast, text size, tap targets, text at 1.3×`, async () => {
    const { page } = phone
    await openVisit(page, BASE, visit, current)
    current = visit.persona
    const { text, taps } = await audit(page)
    assert.deepEqual(
      text,
      [],
      `text below ${LIMITS.normalRatio}:1 (${LIMITS.largeRatio}:1 large) or under ${LIMITS.minFontPx} px:\n${text.join('\n')}`,
    )
    assert.deepEqual(taps, [], `tap targets under ${LIMITS.minTapPx} × ${LIMITS.minTapPx} px:\n${taps.join('\n')}`)
    const sideways = await overflowAtScale(page, 1.3)
    if (sideways.length) await page.screenshot({ path: `${SHOTS}/look-${visit.name}-${visit.persona}-x1.3.png` })
    assert.deepEqual(sideways, [], `with text at 1.3× these stick out past the screen:\n${sideways.join('\n')}`)
    // The scaled sizes stay on the elements: the next visit starts from a fresh load.
    await page.goto('about:blank')
    current = undefined
  })
}

test('the audit catches what it is for (a grey label, a 10-px note, a small button)', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.locator('.member-card').first().waitFor({ timeout: 20000 })
  // The greeting and the coupon count come with the card's answer, which may land after the card face.
  await page.locator('.card-page__hello').first().waitFor({ timeout: 20000 })
  await page.locator('.card-page__coupons').first().waitFor({ timeout: 20000 })
  await page.evaluate(() => {
    const hello = document.querySelector('.card-page__hello')
    hello.style.color = '#9aa19c'
    document.querySelector('.card-page__city').style.fontSize = '10px'
    const claim = document.querySelector('.card-page__coupons')
    claim.style.width = '60px'
    claim.style.height = '30px'
    claim.style.flex = 'none'
    document.querySelector('.card-page__shortcuts').style.width = '600px'
  })
  const { text, taps } = await audit(page)
  assert.ok(
    text.some((t) => t.includes('card-page__hello') && /contrast 2\.\d\d:1/.test(t)),
    text.join('\n'),
  )
  assert.ok(
    text.some((t) => t.includes('card-page__city') && t.includes('10.0 px text')),
    text.join('\n'),
  )
  assert.ok(
    taps.some((t) => t.includes('card-page__coupons') && t.includes('60×30')),
    taps.join('\n'),
  )
  assert.ok((await overflowAtScale(page, 1)).some((t) => t.includes('card-page__shortcut-title')))
  await page.goto('about:blank')
})
