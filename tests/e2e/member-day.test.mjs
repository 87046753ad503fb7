// End to end: the nearby line for a member next to a store; on a member day (reached with
// the demo clock) a claimed coupon goes to the wallet, the till applies it with double points on
// the receipt, the phone shows it used, and a second use at another till is refused with the reason.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, openTill, usePhone, tabBar, goBack } from './browser.mjs'
import { readMemberCode } from './decode.mjs'

// The GPS (WGS-84) reading that the maps place 300 m north of 静安寺店 (GCJ-02 31.2262, 121.4455).
const NEXT_TO_JINGAN = { latitude: 31.228069, longitude: 121.440889 }

// Saturday 2026-11-28 15:00 in Shanghai: the stores are open and the afternoon coupon is in its hours;
// the next monthly member day is 2027-01-18 (December's is the quarterly one).
const SATURDAY_AFTERNOON = Date.UTC(2026, 10, 28, 7)

const phone = usePhone(before, after, { geolocation: NEXT_TO_JINGAN, time: SATURDAY_AFTERNOON })
let tillA
let tillB
before(async () => {
  tillA = await phone.till()
  tillB = await phone.till()
})

test('next to a store, the card says which coupon works there and how far', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  await page.getByText('你有 3 张券（满60减15 等），可在 300 米外的静安寺店使用').waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/card-nearby.png` })
})

test('member day: claim → wallet → 去使用 → the till applies it with double points → used; a second use is refused', async () => {
  const { page } = phone
  // Staff move the demo clock to the next (monthly) member day: it moves for everyone, so the demo
  // panel waits behind 员工入口, which asks for the staff key; a shopper sees no clock.
  await tabBar(page, '我的').click()
  await page.getByText('员工入口', { exact: true }).click()
  const staffKey = page.locator('input[placeholder="员工密钥"]')
  await staffKey.waitFor({ timeout: 15000 })
  assert.equal(await page.getByText('跳到下一个会员日', { exact: true }).count(), 0)
  await staffKey.fill('DEMO-STAFF-1')
  await page.locator('.me-page__staff-key-save').click()
  await page.getByText('员工密钥已保存').waitFor()
  await page.getByText('跳到下一个会员日', { exact: true }).click()
  await page.getByText('现在是 1月18日', { exact: true }).waitFor({ timeout: 15000 })

  await tabBar(page, '会员日').click()
  await page.getByText('今天是会员日', { exact: true }).waitFor({ timeout: 15000 })
  await page.getByText('全天消费积分 ×2').waitFor()
  const offer = page.locator('.day-offer', { hasText: '满40减8' })
  await offer.getByText('立即领取').click()
  await offer.getByText('已领 1/2').waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/member-day-claimed.png` })

  await tabBar(page, '优惠券').click()
  const claimed = page.locator('.coupon-card', { hasText: '满40减8' }).first()
  await claimed.waitFor({ timeout: 15000 })
  assert.match(await claimed.innerText(), /会员日/)
  await claimed.getByText('去使用').click()
  await page.getByText('已选 满40减8').waitFor({ timeout: 15000 })
  await page.getByText(/秒后自动刷新/).waitFor()
  const first = await readMemberCode(page)

  // Till A looks the member up with this code; the chosen coupon is ticked.
  await (await openTill(tillA)).fill(first)
  await tillA.locator('input[placeholder="如 128.50"]').fill('100')
  await tillA.getByText('查询会员').click()
  await tillA.getByText('✓ 满40减8（顾客已选）').waitFor({ timeout: 15000 })

  // Meanwhile till B has the same shopper on screen with the next code, coupon ticked too.
  const second = await readMemberCode(page, first)
  await (await openTill(tillB)).fill(second)
  await tillB.locator('input[placeholder="如 128.50"]').fill('100')
  await tillB.getByText('查询会员').click()
  await tillB.getByText('✓ 满40减8（顾客已选）').waitFor({ timeout: 15000 })

  await tillA.getByText('结账', { exact: true }).click()
  const receipt = await tillA.locator('.till-page__receipt').innerText({ timeout: 15000 })
  assert.match(receipt, /用券 满40减8（-¥8）\s*· 实收 ¥92/)
  assert.match(receipt, /积分 \+220/) // ¥92 × 1.2 (银卡) × 2 (会员日)
  assert.match(receipt, /会员日 · 积分 ×2（合计 2.4 倍）/)
  await tillA.screenshot({ path: `${SHOTS}/till-member-day-receipt.png` })

  // The phone shows the result, then the coupon under 已使用.
  await page.getByText('会员日 · 积分 ×2', { exact: true }).waitFor({ timeout: 8000 })
  await page.getByText('已使用 满40减8').waitFor()
  await page.getByText('好的').click()

  // Till B's screen is stale: its checkout with the same coupon is refused, with when and where it was used.
  // (This also pins a production-build bug where every refusal from the backend showed as empty text.)
  await tillB.getByText('结账', { exact: true }).click()
  await tillB.getByText(/该券已于 1月18日 \d\d:\d\d 在徐汇滨江店使用/).waitFor({ timeout: 15000 })
  assert.equal(await tillB.locator('.till-page__receipt').count(), 0)

  await goBack(page)
  await page.getByText('已使用', { exact: false }).first().click()
  await page
    .locator('.coupon-card', { hasText: '满40减8' })
    .getByText(/在徐汇滨江店使用/)
    .waitFor({ timeout: 15000 })
})
