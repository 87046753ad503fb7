// 我的 as a shopper and as staff, the legal pages, and closing the account end to end: the phone
// lands on the join page and the till (another tab on the same in-process backend) refuses the old code.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, SHOTS, openTill, usePhone, tabBar, goBack } from './browser.mjs'

const phone = usePhone(before, after, { height: 1400 })
const STAFF_WORDS = [
  '演示身份',
  '演示时间',
  '后端现在是',
  '本机模拟后端',
  '模拟定位',
  '员工工具',
  '门店收银台',
  '小新',
  '周一一',
  '陈默',
]

async function openMe(page) {
  await tabBar(page, '我的').click()
  await page.getByText('隐私政策', { exact: true }).waitFor({ timeout: 15000 })
}

test('a shopper sees 我的 with no staff or demo words; 员工入口 and the staff key reveal them', async () => {
  const { page } = phone
  await page.goto(`${BASE}/#/pages/card/index?persona=black`)
  await page.getByText('Vivian').first().waitFor({ timeout: 15000 })
  await openMe(page)
  await page.locator('.me-page__row-title', { hasText: '专属客服' }).waitFor()
  await page.waitForTimeout(500)
  const shown = await page.locator('.me-page').innerText()
  for (const word of STAFF_WORDS) assert.ok(!shown.includes(word), `a shopper sees「${word}」`)
  assert.match(shown, /400-820-1919/)
  await page.screenshot({ path: `${SHOTS}/me-shopper.png`, fullPage: true })

  await page.getByText('员工入口', { exact: true }).click()
  await page.locator('input[placeholder="员工密钥"]').fill('DEMO-STAFF-1')
  await page.locator('.me-page__staff-key-save').click()
  await page.getByText('黑金会员', { exact: true }).waitFor({ timeout: 15000 })
  await page.getByText('门店收银台（演示）').waitFor()
  await page.getByText(/演示时间 · 后端现在是/).waitFor()
  await page.screenshot({ path: `${SHOTS}/me-staff.png`, fullPage: true })
  await page.getByText('清除', { exact: true }).click()
  await page.getByText('员工入口', { exact: true }).waitFor()
})

test('隐私政策 and 用户协议 open from 我的', async () => {
  const { page } = phone
  await page.getByText('隐私政策', { exact: true }).click()
  await page.getByText('我们收集哪些信息，用来做什么').waitFor({ timeout: 15000 })
  await page.waitForTimeout(600)
  await page.screenshot({ path: `${SHOTS}/legal-privacy.png` })
  await goBack(page)
  await page.getByText('用户协议', { exact: true }).click()
  await page.getByText('会员资格').waitFor({ timeout: 15000 })
  await page.waitForTimeout(600)
  await page.screenshot({ path: `${SHOTS}/legal-terms.png` })
  await goBack(page)
  await page.getByText('员工入口', { exact: true }).waitFor()
})

test('注销账号: the consequences, a two-step confirm, the join page; the till refuses the old code', async () => {
  const { page } = phone
  await tabBar(page, '会员卡').click()
  await page.getByText('出示会员码', { exact: true }).click()
  await page.getByText(/秒后自动刷新/).waitFor()
  const digits = page.locator('.code-page__digits')
  if ((await digits.innerText()).includes('*')) await digits.click()
  const oldCode = (await digits.innerText()).replace(/\s/g, '')
  assert.match(oldCode, /^66\d{16}$/)
  await goBack(page)
  await openMe(page)

  await page.locator('.me-page__row', { hasText: '注销账号' }).click()
  await page.getByText('注销后将失去').waitFor({ timeout: 15000 })
  await page.waitForTimeout(600) // the page's slide-in
  const lost = await page.locator('.erase-page').innerText()
  assert.match(lost, /[\d,]+ 积分/)
  assert.match(lost, /黑金等级/)
  assert.match(lost, /12 个月内重新入会的，不再发放入会礼/)
  await page.screenshot({ path: `${SHOTS}/erase-consequences.png`, fullPage: true })

  await page.getByText('我已了解注销的后果，确认放弃上述积分、优惠券与等级').click()
  await page.locator('.erase-page__submit').click()
  await page.getByText('确认注销账号').waitFor()
  await page.waitForTimeout(600) // the dialog's fade-in
  await page.screenshot({ path: `${SHOTS}/erase-confirm.png` })
  await page.getByText('确认注销', { exact: true }).click()
  await page.getByText('账号已注销').first().waitFor({ timeout: 15000 })
  await page.waitForTimeout(600)
  await page.screenshot({ path: `${SHOTS}/erase-done.png` })
  await page.getByText('知道了', { exact: true }).click()
  await page.getByText('加入栖木会员').waitFor({ timeout: 15000 })
  await page.screenshot({ path: `${SHOTS}/erase-join.png` })

  const till = await phone.till()
  await (await openTill(till)).fill(oldCode)
  await till.getByText('查询会员', { exact: true }).click()
  await till.getByText('该会员已注销账号，会员码已失效，可请顾客重新入会').waitFor({ timeout: 15000 })
  await till.screenshot({ path: `${SHOTS}/erase-till-refused.png` })
})
