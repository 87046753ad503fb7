// Coupons at the till, end to end: pick a coupon on the phone, the till applies it once, the phone says so.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, openTill, usePhone, tabBar, goBack } from './browser.mjs'
import { readMemberCode } from './decode.mjs'

const phone = usePhone(before, after)
let till
before(async () => {
  till = await phone.till()
})

test('去使用 on the phone → the till lists it first and applies it → status used; the coupon is not offered again', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  await tabBar(page, '优惠券').click()
  const welcome = page.locator('.coupon-card', { hasText: '满50减10' }).first()
  await welcome.waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/coupons-tab.png` })
  await welcome.getByText('去使用').click()
  await page.getByText('已选 满50减10').waitFor({ timeout: 15000 })
  await page.getByText(/秒后自动刷新/).waitFor()
  await page.waitForTimeout(500)
  const code = await readMemberCode(page)
  await page.screenshot({ path: `${SHOTS}/code-with-coupon.png` })

  await (await openTill(till)).fill(code)
  await till.locator('input[placeholder="如 128.50"]').fill('80')
  await till.getByText('查询会员').click()
  // The shopper's choice is first, and already ticked.
  await till.getByText('✓ 满50减10（顾客已选）').waitFor()
  // The afternoon coupon for another store says why it cannot be used here.
  await till.getByText('该券仅限静安寺店使用').waitFor()
  await till.getByText('结账', { exact: true }).click()
  const receipt = await till.locator('.till-page__receipt').innerText({ timeout: 15000 })
  assert.match(receipt, /用券 满50减10（-¥10）\s*· 实收 ¥70/)
  assert.match(receipt, /积分 \+84/) // ¥70 paid × 1.2
  await till.screenshot({ path: `${SHOTS}/till-coupon-receipt.png` })

  await page.getByText('已使用 满50减10').waitFor({ timeout: 8000 })
  await page.getByText('好的').click()
  await goBack(page)
  await page.getByText('已使用', { exact: false }).first().click()
  await page
    .getByText(/在徐汇滨江店使用/)
    .first()
    .waitFor({ timeout: 15000 })

  // It has left the usable ones (the till offers only those): 可使用 now holds the other two.
  await page.getByText('可使用', { exact: false }).first().click()
  await page.locator('.coupon-card', { hasText: '满60减15' }).first().waitFor()
  assert.equal(await page.locator('.coupon-card', { hasText: '满50减10' }).count(), 0)
})
