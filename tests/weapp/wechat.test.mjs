// What only WeChat has, driven through the production weapp: the code page's screen handling, the
// location permission, the subscribe message and joining with WeChat's phone number. The fake
// `wx` answers as WeChat does, refusals included, so each of these can fail.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assertNotShows, assertShows, scenario } from './scenario.mjs'

const SHANGHAI_MS = 8 * 3600_000
/**
 * 14:00 in Shanghai, today or a few days on so that it is not close to a member day (the 18th):
 * the stores are open (the nearby line needs an open store) and 提醒我 shows (only before a member day).
 */
function openingHoursAwayFromMemberDay() {
  const day = 24 * 3600_000
  let now = Math.floor((Date.now() + SHANGHAI_MS) / day) * day + 14 * 3600_000 - SHANGHAI_MS
  while ([16, 17, 18, 19].includes(new Date(now + SHANGHAI_MS).getUTCDate())) now += day
  return now
}

/** Open a page the way the app asked to: the last navigation must lead there. */
async function follow(w, route, from) {
  const nav = w.navigations.at(-1)
  assert.ok(nav, `${from.route}: nothing was opened`)
  const [path, qs] = nav.url.replace(/^\//, '').split('?')
  assert.equal(path, route, `${from.route} opened ${nav.url}`)
  await w.hide(from)
  const page = await w.open(route, Object.fromEntries(new URLSearchParams(qs ?? '')))
  await w.run(2000)
  return page
}

const lastArgs = (w, name) => w.callsOf(name).at(-1)?.args[0]

for (const brightness of [0.4, 0.65]) {
  test(`code page: brightness up while shown and back to ${brightness} on hide; screen kept on; hidden from capture; screenshot warned`, async () => {
    await scenario('code page device', { query: { persona: 'silver' }, phone: { brightness } }, async (w) => {
      const card = await w.open('pages/card/index', { persona: 'silver' })
      await w.run(2000)
      await card.fire('出示会员码')
      const code = await follow(w, 'pages/code/index', card)

      assertShows(code, ['林小满', '银卡', '秒后自动刷新'])
      assert.ok(w.callsOf('getScreenBrightness').length >= 1, 'the brightness was read before changing it')
      assert.deepEqual(
        w.callsOf('setScreenBrightness').map((c) => c.args[0].value),
        [1],
        'full brightness while the code is shown',
      )
      assert.equal(lastArgs(w, 'setKeepScreenOn')?.keepScreenOn, true)
      assert.equal(lastArgs(w, 'setVisualEffectOnCapture')?.visualEffect, 'hidden')
      assert.equal(w.listenerCount('UserCaptureScreen'), 1, 'listening for screenshots')
      for (const id of ['member-barcode', 'member-qr']) assert.ok((w.canvases.get(id)?.fills ?? 0) > 0, `${id} drawn`)

      // A screenshot brings the warning.
      assert.equal(w.callsOf('showModal').length, 0)
      w.emit('UserCaptureScreen', {})
      await w.run(100)
      assert.equal(lastArgs(w, 'showModal')?.title, '请勿截图分享')

      // The digits, revealed on tap, are the 18-digit member code; it changes with the 30 s step.
      await code.fire({ cls: 'code-page__digits' })
      const first = code.textOf('code-page__digits').replace(/ /g, '')
      assert.match(first, /^66\d{16}$/)
      await w.run(30_000)
      await code.fire({ cls: 'code-page__digits' })
      const second = code.textOf('code-page__digits').replace(/ /g, '')
      assert.match(second, /^66\d{16}$/)
      assert.notEqual(second, first, 'a new code after 30 s')
      assert.equal(second.slice(0, 12), first.slice(0, 12), 'same card')

      await w.hide(code)
      assert.equal(lastArgs(w, 'setScreenBrightness')?.value, brightness, 'brightness restored to what it was')
      assert.equal(lastArgs(w, 'setKeepScreenOn')?.keepScreenOn, false)
      assert.equal(lastArgs(w, 'setVisualEffectOnCapture')?.visualEffect, 'none')
      assert.equal(w.listenerCount('UserCaptureScreen'), 0, 'screenshot listener removed')
    })
  })
}

const NEAR_JINGAN = { latitude: 31.2262, longitude: 121.4455 } // ~300 m north of 静安寺店 (GCJ-02)

test('location: asked only when the member taps 按距离排序; once allowed, the card shows the coupon nearby', async () => {
  const storage = new Map()
  const phone = { location: 'ask-allow', position: NEAR_JINGAN, authSetting: {} }
  const now = openingHoursAwayFromMemberDay()
  await scenario('location allowed', { query: { persona: 'silver' }, storage, phone, now }, async (w) => {
    const card = await w.open('pages/card/index', { persona: 'silver' })
    await w.run(2000)
    assert.equal(w.callsOf('getLocation').length, 0, 'the card never prompts')
    assertNotShows(card, '米外')
    await card.fire('附近门店')
    const stores = await follow(w, 'packages/stores/index', card)
    assert.equal(w.callsOf('getLocation').length, 0, 'not before the tap')
    assertShows(stores, '允许使用你的位置后，可按距离排序')
    await stores.fire('按距离排序')
    await w.run(1000)
    assert.deepEqual(
      w.callsOf('(prompt)').map((c) => c.args[0]),
      ['scope.userLocation'],
    )
    assert.equal(lastArgs(w, 'getLocation')?.type, 'gcj02')
    assertShows(stores, ['按距离排序 · 离你最近的在最前', '静安寺店'])
    assert.match(stores.text(), /静安寺店.*?(\d{3})[ \u00a0]?(m|米)/)
  })
  // The same install, opened again: permission remembered, the card finds the store with a coupon.
  await scenario(
    'location remembered',
    { query: { persona: 'silver' }, storage, phone, now: now + 60_000 },
    async (w) => {
      const card = await w.open('pages/card/index', {})
      await w.run(3000)
      assert.equal(w.callsOf('(prompt)').length, 0, 'no second prompt')
      assert.ok(w.callsOf('getLocation').length >= 1)
      assert.match(card.text(), /你有 \d+ 张.*?券.*?，可在 \d+\s米外的静安寺店使用/)
    },
  )
})

test('location refused: the stores stay by city, 去设置开启 opens the settings, the card never asks', async () => {
  const storage = new Map()
  const phone = { location: 'ask-deny', position: NEAR_JINGAN, authSetting: {} }
  await scenario('location refused', { query: { persona: 'silver' }, storage, phone }, async (w) => {
    const stores = await w.open('packages/stores/index', { persona: 'silver' })
    await w.run(2000)
    await stores.fire('按距离排序')
    await w.run(1000)
    assert.equal(w.callsOf('getLocation').length, 1)
    assertShows(stores, ['没有获得你的位置，已按城市列出门店', '去设置开启', '上海', '杭州'])
    assertNotShows(stores, '离你最近的在最前')
    await stores.fire('去设置开启')
    assert.equal(w.callsOf('openSetting').length, 1)
  })
  await scenario('location refused, card', { query: { persona: 'silver' }, storage, phone }, async (w) => {
    const card = await w.open('pages/card/index', {})
    await w.run(3000)
    assert.equal(w.callsOf('getLocation').length, 0, 'a refused permission is not asked again by the card')
    assertShows(card, '林小满')
    assertNotShows(card, '米外')
  })
})

for (const [answer, expected] of [
  ['accept', 'on'],
  ['reject', 'off'],
  ['cancel', 'off'],
]) {
  test(`member day 提醒我: WeChat's subscribe sheet answered “${answer}”`, async () => {
    await scenario(
      `subscribe ${answer}`,
      { query: { persona: 'silver' }, phone: { subscribe: answer }, now: openingHoursAwayFromMemberDay() },
      async (w) => {
        const day = await w.open('pages/member-day/index', { persona: 'silver' })
        await w.run(2000)
        assertShows(day, /提醒我 \d+月\d+日 来领券/)
        await day.fire('提醒我')
        await w.run(1000)
        const asked = w.callsOf('requestSubscribeMessage')
        assert.equal(asked.length, 1, 'WeChat asked once')
        assert.ok(asked[0].args[0].tmplIds?.length === 1 && asked[0].args[0].tmplIds[0], 'one template asked for')
        if (expected === 'on') {
          assertShows(day, /将于 \d+月\d+日 \d\d:\d\d 提醒你 · 取消/)
        } else {
          assertShows(day, /提醒我 \d+月\d+日 来领券/)
          assert.equal(lastArgs(w, 'showToast')?.title, '未开启提醒')
        }
      },
    )
  })
}

test("join: a visitor is sent to join, takes WeChat's phone number after the privacy consent, and becomes a member", async () => {
  await scenario('join', {}, async (w) => {
    const card = await w.open('pages/card/index', {})
    await w.run(2000)
    assert.deepEqual(w.navigations.at(-1), { api: 'reLaunch', url: '/packages/join/index' })
    await w.unload(card)
    const join = await w.open('packages/join/index', {})
    await w.run(1000)
    assertShows(join, ['加入栖木会员', '使用微信手机号'])

    // Before the consent the phone button is disabled: WeChat fires nothing.
    assert.equal(await join.fire('使用微信手机号', 'getphonenumber', { code: 'too-early' }), false)
    await join.fire('我已阅读并同意')
    assert.equal(await join.fire('使用微信手机号', 'agreeprivacyauthorization', {}), true)
    // The member refuses the phone number first: told to type it.
    await join.fire('使用微信手机号', 'getphonenumber', { errMsg: 'getPhoneNumber:fail user deny' })
    assertShows(join, '未获取到微信手机号，请手动输入')
    await join.fire('使用微信手机号', 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: w.phone.phoneCode })
    assertShows(join, '已授权微信手机号')
    assertNotShows(join, '未获取到微信手机号')

    await join.fire({ cls: 'join-page__input' }, 'input', { value: '阿青', cursor: 2, keyCode: 0 })
    await join.fire('立即开卡')
    await w.run(1000)
    assertShows(join, ['欢迎加入栖木咖啡', '会员卡已开通'])
    // What the app stored through wx.setStorageSync (a JSON string of zustand's persisted state).
    const session = JSON.parse(JSON.parse(w.storage.get('mc.session'))).state
    assert.ok(session.memberId, 'the session holds the new member')

    // The ceremony ends on the card.
    await w.run(3000)
    assert.deepEqual(w.navigations.at(-1), { api: 'switchTab', url: '/pages/card/index' })
    const mine = await follow(w, 'pages/card/index', join)
    assertShows(mine, ['阿青', '新会员', '出示会员码'])
  })
})

test('a returning member: the code page draws both canvases before the app reaches its backend', async () => {
  const storage = new Map()
  // First visit: signed in, the code secret fetched and kept on the phone.
  await scenario('code, first visit', { query: { persona: 'silver' }, storage }, async (w) => {
    const page = await w.open('pages/code/index', { persona: 'silver' })
    await w.run(3000)
    assertShows(page, /661 \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/)
  })
  // Opened again: every request to the in-process backend reads its revision stamp first, so those
  // reads count the requests (local mode sends none over the air).
  await scenario('code, returning', { storage }, async (w) => {
    const page = await w.open('pages/code/index', {})
    await w.run(3000)
    assertShows(page, /661 \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/)
    const requestsBefore = (index) =>
      w.calls.slice(0, index).filter((c) => c.name === 'getStorageSync' && c.args[0] === 'mc.mock.rev').length
    for (const id of ['member-barcode', 'member-qr']) {
      const at = w.canvases.get(id)?.firstFillAt
      assert.equal(typeof at, 'number', `${id} drawn`)
      assert.equal(requestsBefore(at), 0, `${id}: no request before its first draw`)
    }
    assert.ok(requestsBefore(w.calls.length) > 0, 'the app does reach its backend, after the draw')
  })
})

test('邀请有礼: the share card carries the code to the join page, Moments the query; each share tap is counted', async () => {
  await scenario('invite share', { query: { persona: 'black' } }, async (w) => {
    const page = await w.open('packages/invite/index', { persona: 'black' })
    await w.run(3000)
    assertShows(page, ['我的邀请码', '发给微信好友', '已首单 · 奖励已到账', '未计入', '已加入'])
    const code = page.textOf('invite-page__code')
    assert.match(code, /^MC\d{5}$/)
    const chat = page.onShareAppMessage({ from: 'button' })
    assert.equal(chat.path, `/packages/join/index?invite=${code}`)
    assert.match(chat.title, /邀请你加入栖木咖啡会员/)
    const moments = page.onShareTimeline()
    assert.equal(moments.query, `invite=${code}`)
    await w.run(1000)
    // Counted for 我的影响力 only: two taps, nothing earned.
    assert.equal(page.textOf('invite-page__stat-value'), '2')
    // The poster: the invite's mini-program code, or (the mock has none) its QR drawn on a 2d canvas.
    await page.fire('生成邀请海报')
    await w.run(2000)
    assert.ok((w.canvases.get('invite-qr')?.fills ?? 0) > 0, 'the poster QR is drawn')
  })
})

test('邀请有礼 from Moments: the single-page preview shows the way into the mini-program instead of a form', async () => {
  await scenario('invite moments', { phone: { scene: 1154 } }, async (w) => {
    const page = await w.open('packages/invite/index', { invite: 'MC00051' })
    await w.run(2000)
    assertShows(page, ['好友邀请你加入会员', '前往小程序', '邀请码 MC00051'])
    assert.equal(w.navigations.length, 0, 'no navigation in the preview')
    const join = await w.open('packages/join/index', { invite: 'MC00051' })
    await w.run(2000)
    assertShows(join, ['前往小程序', '邀请码 MC00051'])
    assertNotShows(join, ['立即开卡'])
  })
})
