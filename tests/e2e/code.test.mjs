// The member code at the till, end to end: decode what the phone shows, check out with it at the
// till simulator (another tab on the same in-process backend), and watch the phone learn of it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, cardPoints, openTill, usePhone, waitForCardPoints, goBack } from './browser.mjs'
import { decodeScreenshot } from './decode.mjs'

const phone = usePhone(before, after)
let till
before(async () => {
  till = await phone.till()
})

async function shownDigits(page) {
  const digits = page.locator('.code-page__digits')
  if ((await digits.innerText()).includes('*')) await digits.click()
  const text = (await digits.innerText()).replace(/\s/g, '')
  assert.match(text, /^66\d{16}$/)
  return text
}

async function tillCheckout(code, yuan) {
  await (await openTill(till)).fill(code)
  await till.locator('input[placeholder="如 128.50"]').fill(yuan)
  await till.getByText('结账', { exact: true }).click()
  await till.getByText(/小票 R\d+/).waitFor()
  return till.locator('.till-page__receipt').innerText()
}

test('the code on the phone decodes, checks out at the till, and the phone shows the points at once', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=silver`)
  await page.getByText('林小满').first().waitFor({ timeout: 15000 })
  const before = await cardPoints(page)
  await page.getByText('出示会员码').click()
  await page.getByText(/秒后自动刷新/).waitFor()
  await page.waitForTimeout(500) // drawn after the node is measured
  await page.screenshot({ path: `${SHOTS}/code-page.png` })
  const digits = await shownDigits(page)
  assert.ok(digits.startsWith('661000000002'), 'the code carries the persona card id')
  // An independent decoder reads exactly the digits shown, from the pixels on screen.
  const fromBarcode = await decodeScreenshot(page, page.locator('.code-page__barcode'), 'barcode')
  const fromQr = await decodeScreenshot(page, page.locator('.code-page__qr'), 'qr')
  const now = await shownDigits(page)
  assert.ok([digits, now].includes(fromBarcode), `barcode decoded ${fromBarcode}`)
  assert.ok([digits, now].includes(fromQr), `QR decoded ${fromQr}`)

  // ¥320 at silver (×1.2) = 384 points, and it lifts 林小满 to 金卡.
  const receipt = await tillCheckout(fromQr, '320')
  assert.match(receipt, /积分 \+384/)
  assert.match(receipt, /银卡 → 金卡/)
  await till.screenshot({ path: `${SHOTS}/till-receipt.png` })

  const t0 = Date.now()
  await page.getByText('+384 积分').waitFor({ timeout: 5000 })
  console.log(`# the phone showed the result ${Date.now() - t0} ms after the receipt`)
  await page.getByText('恭喜升级金卡！').waitFor()
  await page.screenshot({ path: `${SHOTS}/code-result.png` })
  await page.getByText('好的').click()
  await goBack(page)
  await page.locator('.member-card').waitFor()
  await page.getByText('金卡').first().waitFor()
  await waitForCardPoints(page, before + 384)
})

test('with the network cut the code still refreshes, and a code made offline is accepted afterwards', async () => {
  const { page, context } = phone
  await page.getByText('出示会员码').click()
  await page.getByText(/秒后自动刷新/).waitFor()
  await context.setOffline(true)
  const first = await shownDigits(page)
  // Wait for the next 30 s step: a new code appears with no network.
  await page
    .waitForFunction(
      (old) => {
        const el = document.querySelector('.code-page__digits')
        return el && el.textContent.replace(/\s/g, '') !== old && !el.textContent.includes('*')
      },
      first,
      { timeout: 35000, polling: 250 },
    )
    .catch(async () => {
      // The digits re-mask after 15 s: reveal them again and compare.
      const again = await shownDigits(page)
      assert.notEqual(again, first)
    })
  const fresh = await shownDigits(page)
  assert.notEqual(fresh, first)
  assert.equal(await decodeScreenshot(page, page.locator('.code-page__qr'), 'qr'), fresh)
  await page.screenshot({ path: `${SHOTS}/code-offline.png` })
  await context.setOffline(false)
  const receipt = await tillCheckout(fresh, '10')
  assert.match(receipt, /积分 \+15/) // 金卡 now: ¥10 × 1.5
  await page.getByText('+15 积分').waitFor({ timeout: 5000 })
})
