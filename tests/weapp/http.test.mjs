// The http-mode weapp against `npm run mock:server`: wx.login and wx.request reach the real HTTP
// server; a visitor signs in, joins, shows the member code, and the till accepts it. Real timers,
// every wait bounded.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { HTTP_DIST, assertShows, scenario } from './scenario.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BASE = process.env.WEAPP_HTTP_BASE
// 静安寺店's till: a till key serves one store.
const TILL_KEY = 'DEMO-TILL-2'

let server = null
let stateDir = null

before(async () => {
  assert.ok(BASE, 'WEAPP_HTTP_BASE: the base URL the http build was made with (npm run test:weapp sets it)')
  assert.ok(
    fs.existsSync(path.join(HTTP_DIST, 'app.js')),
    `${HTTP_DIST}: no http-mode build (npm run test:weapp makes it)`,
  )
  const port = new URL(BASE).port
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-weapp-http-'))
  // Its own process group, so stopping it stops npm, tsx and the server together.
  server = spawn('npm', ['run', 'mock:server', '--', '--port', port, '--state', path.join(stateDir, 'state.sqlite')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mock server did not start in 20 s:\n${out}`)), 20_000)
    const onData = (d) => {
      out += d
      if (/Mock backend on http/.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`mock server exited (${code}):\n${out}`))
    })
  })
})

after(() => {
  if (server && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true })
})

async function till(route, body) {
  const res = await fetch(BASE + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-till-key': TILL_KEY, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  })
  return { status: res.status, body: await res.json() }
}

test('http mode: wx.login signs in, the visitor joins, the card shows, and the till accepts the code on the phone', async () => {
  await scenario(
    'http: sign-in → card → code at the till',
    { dist: HTTP_DIST, fakeTimers: false, phone: { requestBase: BASE } },
    async (w) => {
      const card = await w.open('pages/card/index', {})
      await w.until(() => w.navigations.length > 0, 10_000, 'the visitor sent to join')
      assert.deepEqual(w.navigations.at(-1), { api: 'reLaunch', url: '/packages/join/index' })
      // Each sign-in takes a fresh wx.login code to the server (the card asks once more before sending to join).
      const signIns = w.callsOf('request').filter((c) => c.args[0].url === `${BASE}/auth/login`)
      assert.ok(signIns.length >= 1, 'the sign-in went to the server')
      assert.equal(w.callsOf('login').length, signIns.length, 'one wx.login per sign-in')
      signIns.forEach((c, i) =>
        assert.equal(c.args[0].data.code, `wx-login-code-${i + 1}`, "wx.login's code is what the server got"),
      )

      await w.unload(card)
      const join = await w.open('packages/join/index', {})
      await w.until(() => join.text().includes('使用微信手机号'), 10_000, 'the join form')
      await join.fire('我已阅读并同意')
      await join.fire('使用微信手机号', 'agreeprivacyauthorization', {})
      await join.fire('使用微信手机号', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'http-phone-code' })
      await join.fire({ cls: 'join-page__input' }, 'input', { value: '阿远', cursor: 2, keyCode: 0 })
      await join.fire('立即开卡')
      await w.until(() => join.text().includes('欢迎加入栖木咖啡'), 10_000, 'the welcome')
      await w.until(() => w.navigations.at(-1)?.api === 'switchTab', 10_000, 'the ceremony ending on the card')

      await w.unload(join)
      const mine = await w.open('pages/card/index', {})
      await w.until(() => mine.text().includes('阿远'), 10_000, 'the new card')
      assertShows(mine, ['阿远', '新会员', '出示会员码'])
      const points = mine.textOf('member-card__points-value')
      assert.equal(points, '0')

      await mine.fire('出示会员码')
      await w.hide(mine)
      const code = await w.open('pages/code/index', {})
      await w.until(() => /66\d \*\*\*/.test(code.text()), 10_000, 'the member code')
      await code.fire({ cls: 'code-page__digits' })
      const digits = code.textOf('code-page__digits').replace(/ /g, '')
      assert.match(digits, /^66\d{16}$/)

      const receipt = await till('/till/checkout', { code: digits, storeId: 's-jingan', amountFen: 3800 })
      assert.equal(receipt.status, 200, JSON.stringify(receipt.body))
      assert.equal(receipt.body.member?.nickname, '阿远', 'the till credited this member')
      const earned = receipt.body.pointsEarned
      assert.ok(earned >= 38, `¥38 earns at least 38 points (got ${earned})`)

      // The phone hears of it within a few polls, and says so; the points count up to what was earned.
      await w.until(() => code.text().includes('结账完成'), 10_000, 'the payment result on the code page')
      await w.until(() => code.text().includes(`+${earned} 积分`), 5_000, `+${earned} 积分 on the result sheet`)
      assertShows(code, ['结账完成', '静安寺店 · 消费 ¥38', `当前积分 ${earned}`])

      // The same code cannot be used twice.
      const again = await till('/till/checkout', { code: digits, storeId: 's-jingan', amountFen: 1000 })
      assert.notEqual(again.status, 200, 'a used code is refused')

      const hosts = new Set(w.callsOf('request').map((c) => new URL(c.args[0].url).origin))
      assert.deepEqual([...hosts], [BASE], 'every request went to the configured server')
    },
  )
})
