// 邀请有礼 end to end on two phones sharing one backend (mock:server, the H5 app in http mode):
// member A opens the invite page and its poster → a friend's phone scans the poster's QR, joins with
// the code filled in → the friend's first purchase at the till simulator → A sees 奖励已到账, the
// ceremony and the points.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { SHOTS, openPhone, openTill, settledCardPoints, waitForCardPoints } from './browser.mjs'
import { decodeScreenshot, readMemberCode } from './decode.mjs'
import { sharedBackend } from './shared-backend.mjs'

let backend
let inviter
let friend
before(async () => {
  mkdirSync(SHOTS, { recursive: true })
  backend = await sharedBackend()
  inviter = await openPhone()
  friend = await openPhone()
  for (const p of [inviter, friend]) p.page.on('pageerror', (e) => console.error('page error:', e.message))
})
after(async () => {
  await inviter?.close()
  await friend?.close()
  await backend?.close()
})

test('a friend joins from the poster, buys at the till, and the inviter sees the reward arrive', async () => {
  const A = inviter.page
  const B = friend.page
  const url = backend.url
  await A.goto(`${url}/#/pages/card/index?persona=silver`)
  await A.getByText('林小满').first().waitFor({ timeout: 20000 })
  const before = await settledCardPoints(A)

  // A: the card tab's entry, the code, the served words, the poster.
  await A.getByText('邀请有礼', { exact: true }).first().click()
  await A.locator('.invite-page__code').waitFor({ timeout: 15000 })
  const code = (await A.locator('.invite-page__code').innerText()).trim()
  assert.match(code, /^MC[0-9A-Z]+$/)
  await A.getByText('生成邀请海报').click()
  const poster = A.locator('.invite-poster__image')
  await poster.waitFor({ timeout: 15000 })
  // Opening the poster counted one share tap (counted only, never rewarded); the page settles on it
  // before the picture is read, so the scanner's frame is not taken while the stats above it change.
  await A.locator('.invite-page__stat-value').first().filter({ hasText: '1' }).waitFor({ timeout: 15000 })
  await A.waitForFunction(() => {
    const img = document.querySelector('.invite-poster__image img')
    return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0
  })
  await A.screenshot({ path: `${SHOTS}/invite-page.png`, fullPage: true })
  await poster.screenshot({ path: `${SHOTS}/invite-poster.png` })
  const link = await decodeScreenshot(A, poster, 'qr')
  assert.equal(link, `${url}/#/packages/join/index?invite=${encodeURIComponent(code)}`)

  // B: another phone opens the link the poster carries; the code is filled in, the friend's gift shown.
  await B.goto(link)
  await B.getByText('加入栖木会员').waitFor({ timeout: 20000 })
  await B.getByText('好友邀请礼').waitFor({ timeout: 15000 })
  assert.equal(await B.locator('input[placeholder="选填"]').inputValue(), code)
  await B.locator('input[placeholder="请输入 11 位手机号"]').fill('13900001234')
  await B.locator('input[placeholder="怎么称呼你"]').fill('阿木')
  await B.locator('.join-page__check').click()
  await B.getByText('立即开卡').click()
  await B.getByText(/欢迎加入/).waitFor({ timeout: 15000 })
  await B.locator('.ceremony').click()
  await B.getByText('阿木').first().waitFor({ timeout: 15000 })

  // A sees the friend joined and the first-purchase window.
  await A.reload()
  const row = A.locator('.invitation').first()
  await row.getByText('已加入').waitFor({ timeout: 15000 })

  // The friend's first purchase at the till simulator (a tab on the friend's phone, the same server).
  await B.locator('.card-page__show-code').click() // a new member's card also offers it as a first-purchase task
  await B.getByText(/秒后自动刷新/).waitFor({ timeout: 15000 })
  await B.waitForTimeout(500)
  const memberCode = await readMemberCode(B)
  const till = await friend.context.newPage()
  await (await openTill(till, url)).fill(memberCode)
  await till.locator('input[placeholder="如 128.50"]').fill('60')
  await till.getByText('查询会员').click()
  await till.getByText('阿木').first().waitFor({ timeout: 15000 })
  await till.getByText('结账', { exact: true }).click()
  await till.locator('.till-page__receipt').waitFor({ timeout: 15000 })

  // A: 已首单 · 奖励已到账 with the points, the ceremony once, and the points on the card.
  await A.goto(`${url}/#/packages/invite/index`)
  const ceremony = A.locator('.ceremony')
  await ceremony.getByText(/好友完成首单，\+[\d,]+ 积分/).waitFor({ timeout: 15000 })
  const earned = Number(
    (await ceremony.locator('.ceremony__title').innerText()).match(/\+([\d,]+)/)[1].replace(/,/g, ''),
  )
  assert.ok(earned > 0)
  await ceremony.click()
  await row.getByText('已首单 · 奖励已到账').waitFor({ timeout: 15000 })
  assert.match(await row.innerText(), new RegExp(`\\+${earned.toLocaleString('en-US')} 积分`))
  await A.screenshot({ path: `${SHOTS}/invite-rewarded.png`, fullPage: true })
  // Seen: coming back shows no ceremony again.
  await A.reload()
  await row.getByText('已首单 · 奖励已到账').waitFor({ timeout: 15000 })
  await A.waitForTimeout(500)
  assert.equal(await A.locator('.ceremony').count(), 0)

  await A.goto(`${url}/#/pages/card/index`)
  await waitForCardPoints(A, before + earned)
})
