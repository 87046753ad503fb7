// 运营台 end to end: staff send a coupon campaign to 重要唤回 → the lapsed gold member (gold-drop) finds
// the coupon in 优惠券 and the notice in 消息 → uses it at the till simulator → her code page says it was used. One browser
// context: in local mode the console, the member and the till share its one in-process backend.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, openTill, usePhone } from './browser.mjs'
import { readMemberCode } from './decode.mjs'

const phone = usePhone(before, after)
let till
before(async () => {
  till = await phone.till()
})

const OFFER = '满50减10'
const shown = '.taro_page:not([style*="display: none"])'

test('a campaign to 重要唤回 reaches gold-drop: the coupon in 优惠券, the notice in 消息, used at the till, shown used on her code page', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=gold-drop&staffKey=DEMO-STAFF-1`)
  await page.getByText('周一一').first().waitFor({ timeout: 15000 })
  assert.equal(await page.locator('.coupon-card', { hasText: OFFER }).count(), 0)

  // Staff open the console by its demo link: the population is built, then the segments.
  await page.goto(`${BASE}/#/packages/staff/console/index?staffKey=DEMO-STAFF-1`)
  const winback = page.locator(`${shown} .console-segment`, { hasText: '重要唤回' })
  await winback.waitFor({ timeout: 30000 })
  // gold-drop is one of its examples (a demo persona).
  await winback.getByText(/周\*+（金卡）.*演示身份/).waitFor()
  await page.waitForTimeout(800)
  await page.screenshot({ path: `${SHOTS}/console-segments.png`, fullPage: true })

  await winback.getByText('给这群会员发活动').click()
  await page.locator(`${shown} .console-chip--on`, { hasText: '重要唤回' }).waitFor()
  await page.locator(`${shown} .console-chip`, { hasText: OFFER }).click()
  await page.getByText('预览触达与成本').click()
  const preview = page.locator(`${shown} .console-preview`)
  await preview.waitFor({ timeout: 15000 })
  const previewText = await preview.innerText()
  const sendTo = Number(/([\d,]+) 人\s*将发送/.exec(previewText)?.[1].replace(/,/g, ''))
  assert.ok(sendTo > 0, previewText)
  assert.match(previewText, new RegExp(`送你一张「${OFFER}」`))
  await page.screenshot({ path: `${SHOTS}/console-preview.png`, fullPage: true })

  // Sent with a confirm; the result says how many got it and how many the weekly cap skipped.
  await preview.getByText('确认发送').click()
  await page.getByText('发送', { exact: true }).last().click()
  const result = page.locator(`${shown} .console-result`)
  await result.waitFor({ timeout: 15000 })
  assert.match(
    await result.innerText(),
    new RegExp(`已发送 ${sendTo.toLocaleString('en-US')} 人 · 因 7 天内已达上限跳过 \\d+ 人`),
  )
  await page.locator(`${shown} .console-history__row`, { hasText: `重要唤回 · ${OFFER}` }).waitFor()
  await page.screenshot({ path: `${SHOTS}/console-sent.png`, fullPage: true })

  await page.locator(`${shown} .console-tabs__tab`, { hasText: '积分经济' }).click()
  await page.locator(`${shown} .console-legend`).waitFor({ timeout: 15000 })
  await page.waitForTimeout(800)
  await page.screenshot({ path: `${SHOTS}/console-economics.png` })
  await page.locator(`${shown} #console-share`).scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/console-economics-cost.png` })

  // gold-drop's phone: the coupon is in 优惠券 …
  await page.goto(`${BASE}/#/pages/coupons/index`)
  await page.locator('.coupon-card', { hasText: OFFER }).first().waitFor({ timeout: 15000 })
  // … and the campaign's notice in 消息, saying why she got it; its 去使用 opens the coupon.
  await page.goto(`${BASE}/#/packages/messages/index`)
  const notice = page.locator(`${shown} .message`, { hasText: `送你一张「${OFFER}」` })
  await notice.waitFor({ timeout: 15000 })
  await notice.getByText('因为你是重要唤回会员，好久不见，想请你回来喝一杯').waitFor()
  await page.screenshot({ path: `${SHOTS}/console-inbox.png` })
  await notice.getByText('去使用', { exact: true }).click()
  await page.locator('.coupon-detail__use', { hasText: '去使用' }).click({ timeout: 15000 })
  await page.getByText(`已选 ${OFFER}`).waitFor({ timeout: 15000 })
  await page.getByText(/秒后自动刷新/).waitFor()
  await page.waitForTimeout(500)
  const code = await readMemberCode(page)

  await (await openTill(till)).fill(code)
  await till.locator('input[placeholder="如 128.50"]').fill('80')
  await till.getByText('查询会员').click()
  await till.getByText(`✓ ${OFFER}（顾客已选）`).waitFor({ timeout: 15000 })
  await till.getByText('结账', { exact: true }).click()
  const receipt = await till.locator('.till-page__receipt').innerText({ timeout: 15000 })
  assert.match(receipt, new RegExp(`用券 ${OFFER}（-¥10）\\s*· 实收 ¥70`))

  await page.getByText(`已使用 ${OFFER}`).waitFor({ timeout: 8000 })
  await page.screenshot({ path: `${SHOTS}/console-coupon-used.png` })
})
