// End to end in chromium: what a shopper and a demoing staff member do with the H5 build.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, usePhone, tabBar } from './browser.mjs'

const phone = usePhone(before, after)

/** Type into a Taro Input (a web component wrapping a native input). */
async function fill(page, placeholder, value) {
  await page.locator(`input[placeholder="${placeholder}"]`).fill(value)
}

test('fresh start → join → the card shows the new member', async () => {
  const { page } = phone
  await page.goto(`${BASE}/`)
  await page.getByText('加入栖木会员').waitFor({ timeout: 15000 })
  // Nothing is sent until the form is right.
  await page.getByText('立即开卡').click()
  await page.getByText('请输入 11 位中国大陆手机号').or(page.getByText('请输入手机号')).first().waitFor()
  await fill(page, '请输入 11 位手机号', '13912340000')
  await fill(page, '怎么称呼你', '小叶')
  await fill(page, '选填，如 上海', '成都')
  await page.locator('.join-page__check').click()
  await page.screenshot({ path: `${SHOTS}/join.png` })
  // A double tap makes one member.
  await page.getByText('立即开卡').dblclick()
  await page.getByText('欢迎加入栖木咖啡').waitFor()
  await page.screenshot({ path: `${SHOTS}/welcome.png` })
  await page.getByText('跳过').click()
  await page.locator('.member-card').waitFor()
  const text = await page.locator('.card-page').innerText()
  assert.match(text, /小叶/)
  assert.match(text, /新会员/)
  assert.match(text, /成都/)
  assert.match(text, /再消费 ¥1,000 或到店 4 次升级银卡/)
  assert.equal(await page.locator('.member-card__points-value').innerText(), '0')
  const members = await page.evaluate(() => {
    // The in-app backend keeps each member under its own key (a record with long lists keeps them on pages).
    const heads = Object.keys(localStorage).filter((k) => /^mc\.mock\.r\.members\.[^.]+$/.test(k))
    return heads
      .map((k) => JSON.parse(localStorage.getItem(k)).data)
      .map((text) => (text.startsWith('~paged:') ? JSON.parse(text.slice(7)).v : JSON.parse(text)))
      .filter((m) => m.phone === '13912340000').length
  })
  assert.equal(members, 1)
  await page.screenshot({ path: `${SHOTS}/card-new-member.png` })
})

test('a persona link opens the app signed in as that persona', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  const text = await page.locator('.card-page').innerText()
  assert.match(text, /银卡/)
  assert.match(text, /再消费 ¥320 或到店 2 次升级金卡/)
  await page.screenshot({ path: `${SHOTS}/card-silver.png` })
  // A second link pasted into the same tab switches persona too.
  // With the staff key in the link the persona is rebuilt as of today (without it, signed in as it is).
  await page.goto(`${BASE}/#/pages/card/index?persona=gold-drop&staffKey=DEMO-STAFF-1`)
  await page.getByText('周一一').first().waitFor({ timeout: 15000 })
  assert.match(await page.locator('.card-page').innerText(), /即可保级金卡，否则将降为银卡/)
})

test('network cut after load: the cached card stays under an offline banner', async () => {
  const { page, context } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=black`)
  await page.getByText('Vivian').first().waitFor({ timeout: 15000 })
  const points = await page.locator('.member-card__points-value').innerText()
  // Both tabs loaded once (H5 fetches a page's code on first visit; there is no offline cache for it).
  await tabBar(page, '我的').click()
  await page.getByText('隐私政策', { exact: true }).waitFor()
  await tabBar(page, '会员卡').click()
  await context.setOffline(true)
  // Leave for the other tab and come back: the card page refreshes and cannot reach the backend.
  await tabBar(page, '我的').click()
  await tabBar(page, '会员卡').click()
  await page.getByText(/网络不可用 · 显示 \d\d:\d\d 同步的会员卡/).waitFor()
  assert.equal(await page.locator('.member-card__points-value').innerText(), points)
  await page.screenshot({ path: `${SHOTS}/card-offline.png` })
  await context.setOffline(false)
  await page.getByText(/网络不可用/).waitFor({ state: 'detached' })
})
