// The H5 build's title bar on every page below a tab (WeChat draws its own), and the tab bar's
// highlight staying with the page on screen when a tab cannot load offline.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, settled, usePhone, tabBar } from './browser.mjs'

const phone = usePhone(before, after)

const bar = (page) => page.locator('#taro-navigation-bar')
const backButton = (page) => page.getByRole('button', { name: '返回', exact: true })

/** A control's box in CSS px; a tap target is at least 44 × 44. */
async function assertTappable(locator) {
  const box = await locator.boundingBox()
  assert.ok(box && box.width >= 44 && box.height >= 44, `tap target ${JSON.stringify(box)}`)
}

/** WCAG contrast of the bar's text on its background. */
async function barContrast(page) {
  return bar(page).evaluate((el) => {
    const rgb = (c) =>
      c
        .match(/\d+(\.\d+)?/g)
        .slice(0, 3)
        .map(Number)
    const lum = (c) => {
      const [r, g, b] = rgb(c).map((v) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const style = getComputedStyle(el)
    const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x)
    return (a + 0.05) / (b + 0.05)
  })
}

// The label alone: a tab can carry a badge (the count of coupons not yet seen) on its icon.
const selectedTab = (page) => page.getByRole('tab', { selected: true }).locator('.tab-bar__label').innerText()

test('offline, a tab whose code was never fetched stays shut and the highlight stays on the page shown', async () => {
  const { page, context } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  await context.setOffline(true)
  await tabBar(page, '优惠券').click()
  await page.getByText('网络不可用，页面未能打开，请联网后再试').waitFor()
  assert.equal(await selectedTab(page), '会员卡')
  assert.match(page.url(), /#\/pages\/card\/index/)
  assert.ok(await page.getByText('出示会员码', { exact: true }).isVisible())
  await page.screenshot({ path: `${SHOTS}/offline-tab.png` })
  // Back online the same tap opens it, highlighted.
  await context.setOffline(false)
  await tabBar(page, '优惠券').click()
  await page.locator('.coupons-page').waitFor()
  assert.equal(await selectedTab(page), '优惠券')
  await tabBar(page, '会员卡').click()
  await page.getByText('出示会员码', { exact: true }).waitFor()
})

test('tab pages have no title bar; the code page and a subpackage page have one with 返回', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  assert.equal(await bar(page).isVisible(), false, 'no title bar above a tab page')

  await page.getByText('出示会员码', { exact: true }).click()
  await page.getByText(/秒后自动刷新/).waitFor()
  assert.equal((await bar(page).innerText()).trim(), '会员码')
  await assertTappable(backButton(page))
  assert.ok((await barContrast(page)) >= 4.5)
  await page.waitForTimeout(500) // the codes are drawn after their nodes are measured
  await page.screenshot({ path: `${SHOTS}/title-bar-code.png` })
  await backButton(page).click()
  await page.getByText('出示会员码', { exact: true }).waitFor()
  assert.match(page.url(), /#\/pages\/card\/index/)
  assert.equal(await bar(page).isVisible(), false)

  await page.locator('.member-card__points-value').click()
  await page.getByText('补录积分').first().waitFor()
  await settled(page)
  assert.equal((await bar(page).innerText()).trim(), '我的积分')
  await page.screenshot({ path: `${SHOTS}/title-bar-points.png` })
  await backButton(page).click()
  await page.getByText('出示会员码', { exact: true }).waitFor()
})

test('a page opened from a link has nothing to go back to: the bar leads to the card instead', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/packages/legal/privacy/index?persona=silver`)
  await bar(page).getByText('隐私政策').waitFor({ timeout: 15000 })
  const home = page.getByRole('button', { name: '返回会员卡' })
  await assertTappable(home)
  await home.click()
  await page.getByText('出示会员码', { exact: true }).waitFor()
  assert.equal(await bar(page).isVisible(), false)
})

test('back while the code page is still sliding in: the card and its tab bar stay on screen', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  await page.getByText('出示会员码', { exact: true }).click()
  // The code page is showing but its 300-ms slide has not ended, so the card's hide is still to come.
  await page.locator('.taro_page_show[id^="/pages/code/index"]').waitFor({ state: 'attached' })
  await page.goBack()
  await settled(page)
  await page.waitForTimeout(600) // past the moment the card would have been hidden
  assert.match(page.url(), /#\/pages\/card\/index/)
  assert.ok(await page.getByText('出示会员码', { exact: true }).isVisible(), 'the card is on screen')
  await page.screenshot({ path: `${SHOTS}/back-during-slide.png` })
  await tabBar(page, '我的').click({ timeout: 5000 })
  await page.getByText('隐私政策', { exact: true }).waitFor()
})
