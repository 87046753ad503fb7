// Points, tiers and the rewards mall end to end: value lines, a redemption, and the keep forecast.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, cardPoints, usePhone, waitForCardPoints } from './browser.mjs'

const phone = usePhone(before, after)

test('expiring: the expiring points are told as what they buy; redeeming a latte updates balance and wallet', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=expiring`)
  await page.getByText('陈默').first().waitFor({ timeout: 15000 })
  const before = await cardPoints(page)
  await page.getByText('积分明细', { exact: true }).click()
  // One line for all the lapsing points; the lots behind a tap.
  await page.getByText(/1,200 积分将在 90 天内陆续过期，最早 \d+月\d+日/).waitFor({ timeout: 15000 })
  await page.getByText(/查看 2 笔明细/).click()
  await page.getByText(/680 积分将于 \d+月\d+日 过期，可兑换 1 杯拿铁/).waitFor()
  await page.getByText(/520 积分将于 \d+月\d+日 过期，可兑换 1 张代金券（¥5）/).waitFor()
  await page.screenshot({ path: `${SHOTS}/points-expiring.png` })

  // The points page's own button (the card's attention line behind it says 去兑换 too).
  await page.locator('.points-expiring__go').click()
  const latte = page.locator('.reward-item', { hasText: '拿铁兑换券' })
  await latte.waitFor({ timeout: 15000 })
  await latte.locator('.reward-item__button').click()
  await page.getByText(/将使用 600 积分，兑换后剩余 [\d,]+ 积分/).waitFor()
  await page.getByText('确认兑换', { exact: true }).last().click() // the confirmation's button
  await page.getByText('兑换成功').first().waitFor()
  await page
    .getByText(/QM\d{12}/)
    .first()
    .waitFor()
  await page.screenshot({ path: `${SHOTS}/rewards-redeemed.png` })

  await page.goto(`${BASE}/#/pages/card/index`)
  await waitForCardPoints(page, before - 600)
})

test('a member short of points is told so and keeps every point', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/packages/rewards/index?persona=new`)
  const latte = page.locator('.reward-item', { hasText: '拿铁兑换券' })
  await latte.waitFor({ timeout: 15000 })
  await latte.locator('.reward-item__button').click()
  await page
    .getByText(/积分不足：兑换拿铁兑换券需要 600 积分/)
    .first()
    .waitFor()
})

test('gold-drop: the tier page gives the keep forecast and the ladder', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/packages/tier/index?persona=gold-drop`)
  await page
    .getByText(/前再消费 ¥900 或到店 3 次即可保级金卡，否则将降为银卡/)
    .first()
    .waitFor({ timeout: 15000 })
  const text = await page.locator('body').innerText()
  for (const tier of ['新会员', '银卡', '金卡', '黑金']) assert.match(text, new RegExp(tier))
  await page.screenshot({ path: `${SHOTS}/tier-gold-drop.png`, fullPage: true })
})
