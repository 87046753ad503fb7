// 体验官 end to end: apply → staff close the window → selected, the trial voucher used at the till
// simulator → feedback → points once, and the 体验官 badge on the card.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, openTill, settledCardPoints, usePhone, waitForCardPoints } from './browser.mjs'
import { readMemberCode } from './decode.mjs'

const phone = usePhone(before, after)
let till
before(async () => {
  till = await phone.till()
})

test('gold-drop applies, is selected when staff close the window, uses the voucher at the till and earns the feedback points', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=gold-drop&staffKey=DEMO-STAFF-1`)
  await page.getByText('周一一').first().waitFor({ timeout: 15000 })
  const before = await settledCardPoints(page)
  assert.equal(await page.locator('.member-card__badge').count(), 0)

  await page.getByText('体验官', { exact: true }).click()
  const sakura = page.locator('.trial', { hasText: '樱花白桃拿铁 体验官招募' })
  await sakura.locator('input').fill('少甜，喜欢花香')
  await sakura.getByText('一键申请').click()
  await sakura.getByText('已申请', { exact: true }).waitFor({ timeout: 15000 })

  // Staff close the window from the demo panel on 我的 (the staff key came with the link).
  await page.goto(`${BASE}/#/pages/me/index`)
  await page.getByText('截止体验官报名').click()
  await page.getByText(/已截止，选出 \d+ 位体验官/).waitFor({ timeout: 15000 })

  await page.goto(`${BASE}/#/packages/officer/index`)
  await sakura.getByText('已入选', { exact: true }).waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/officer-selected.png`, fullPage: true })
  await sakura.getByText('去使用 ›').click()
  await page.getByText('去使用', { exact: true }).click()
  await page.getByText(/秒后自动刷新/).waitFor({ timeout: 15000 })
  await page.waitForTimeout(500)
  const code = await readMemberCode(page)

  await (await openTill(till)).fill(code)
  await till.locator('input[placeholder="如 128.50"]').fill('32')
  await till.getByText('查询会员').click()
  await till.getByText(/樱花白桃拿铁（体验杯）一杯（顾客已选）/).waitFor({ timeout: 15000 })
  await till.getByText('结账', { exact: true }).click()
  const receipt = await till.locator('.till-page__receipt').innerText({ timeout: 15000 })
  assert.match(receipt, /樱花白桃拿铁（体验杯）一杯/)

  await page.goto(`${BASE}/#/packages/officer/index`)
  const form = sakura.locator('.feedback-form')
  await form.waitFor({ timeout: 15000 })
  for (const [question, n] of [
    ['taste', 4],
    ['sweetness', 2],
    ['wouldBuy', 5],
  ])
    await form
      .locator(`.feedback-form__score[data-question="${question}"]`)
      .nth(n - 1)
      .click()
  await form.locator('input').fill('花香刚好，甜度可以再低一点')
  await form.getByText('提交反馈').click()
  await sakura.getByText('我的反馈：口味 4 · 甜度 2 · 会再买 5').waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/officer-feedback.png`, fullPage: true })

  await page.goto(`${BASE}/#/pages/card/index`)
  await page.locator('.member-card__badge', { hasText: '体验官' }).first().waitFor({ timeout: 15000 })
  // ¥32 at 金卡 ×1.5 = 48, and 200 for the feedback, once.
  await waitForCardPoints(page, before + 48 + 200)
})
