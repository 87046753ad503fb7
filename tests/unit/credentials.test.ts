/** @jest-environment node */
/**
 * Three credentials, none doing another's job: a member session (its own member), a till key (its
 * own store's till routes and refunds), the staff key (the demo clock, persona rebuilds).
 */
import { CODE_STEP_SECONDS } from '@/domain/member-code'
import { Engine } from '../../mock/engine/engine'
import { createBackend, DEMO_STAFF_KEY, type BackendOptions } from '../../mock/router'
import { refusedWith as refusal, world } from '../setup/world'

const T0 = Date.UTC(2026, 10, 28, 2, 0, 5)
const STEP = CODE_STEP_SECONDS * 1000

/** A backend called by hand: the headers are exactly what a test sends. */
function raw(options: BackendOptions = {}) {
  const clock = T0
  const engine = new Engine(null, { now: () => clock })
  const backend = createBackend(engine, options)
  const call = (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = backend.dispatch({ method: 'POST', path, headers, body, timeoutMs: 1000 })
    return {
      status: res.status,
      body: res.body as { error?: { code: string; message: string } } & Record<string, unknown>,
    }
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    backend.dispatch({ method: 'GET', path, headers, timeoutMs: 1000 })
  const member = (persona = 'silver') => {
    const res = call('/demo/persona', { persona, device: 'device-0001' })
    return { authorization: `Bearer ${String(res.body.token)}` }
  }
  return { engine, call, get, member }
}

describe('the demo clock is staff-only', () => {
  test('a member session cannot move the clock: refused in words, the clock stays for everyone', () => {
    const b = raw()
    const res = b.call('/demo/clock', { to: 'member-day' }, b.member('silver'))
    expect(res.status).toBe(403)
    expect(res.body.error).toEqual({
      code: 'staff_only',
      message: '这项操作仅限员工：会员登录不能调整演示时间或重置演示身份，请填写员工密钥',
    })
    expect(b.engine.db.clockOffsetMs).toBe(0)
    expect(b.engine.now()).toBe(T0)
  })

  test('a till key is not a staff key', () => {
    const b = raw()
    const res = b.call('/demo/clock', { to: 'member-day' }, { 'x-till-key': 'DEMO-TILL-1' })
    expect([res.status, res.body.error?.code]).toEqual([403, 'staff_only'])
    expect(res.body.error?.message).toBe('收银台密钥只能用于收银，这项操作需要员工密钥')
    expect(b.engine.db.clockOffsetMs).toBe(0)
  })

  test('no key or a wrong key: 401 with the reason; the staff key moves the clock', () => {
    const b = raw()
    expect(b.call('/demo/clock', { to: 'member-day' }).body.error).toEqual({
      code: 'staff_key_required',
      message: '这项操作需要员工密钥，请先填写员工密钥',
    })
    const wrong = b.call('/demo/clock', { to: 'member-day' }, { 'x-staff-key': 'DEMO-STAFF-2' })
    expect([wrong.status, wrong.body.error?.message]).toEqual([401, '员工密钥无效，请向门店管理员核对后重新填写'])
    expect(b.engine.db.clockOffsetMs).toBe(0)
    const ok = b.call('/demo/clock', { to: 'member-day' }, { 'x-staff-key': DEMO_STAFF_KEY })
    expect(ok.status).toBe(200)
    expect(b.engine.db.clockOffsetMs).toBeGreaterThan(0)
  })

  test('the staff key is the server’s to set: another key works, the demo default then does not', () => {
    const b = raw({ staffKey: 'SHOWROOM-2026' })
    expect(b.call('/demo/clock', { to: 'member-day' }, { 'x-staff-key': DEMO_STAFF_KEY }).status).toBe(401)
    expect(b.call('/demo/clock', { to: 'member-day' }, { 'x-staff-key': 'SHOWROOM-2026' }).status).toBe(200)
  })

  test('the client sends the staff key on staff routes only, never with a member’s calls', async () => {
    const w = world(T0)
    const sent: Record<string, string>[] = []
    const b = createBackend(w.engine)
    const { createClient } = await import('@/api/client')
    const client = createClient({
      transport: async (r) => {
        sent.push(r.headers)
        return b.dispatch(r)
      },
      getToken: () => null,
      getStaffKey: () => DEMO_STAFF_KEY,
      relogin: () => Promise.reject(new Error('no re-login here')),
      sleep: async () => undefined,
    })
    await client.listStores()
    await client.personaLogin({ persona: 'silver', device: 'device-0001' })
    expect(sent.map((h) => h['x-staff-key'])).toEqual([undefined, undefined])
    await client.personaLogin({ persona: 'silver', device: 'device-0001', reset: true })
    await client.setDemoClock({ to: 'now' })
    expect(sent.slice(2).map((h) => h['x-staff-key'])).toEqual([DEMO_STAFF_KEY, DEMO_STAFF_KEY])
  })
})

describe('demo mode', () => {
  test('off (--no-demo): every /demo/ route is 404, even with the staff key', () => {
    const b = raw({ demo: false, staffKey: 'SHOWROOM-2026' })
    const staff = { 'x-staff-key': 'SHOWROOM-2026' }
    for (const res of [
      b.call('/demo/clock', { to: 'member-day' }, staff),
      b.call('/demo/persona', { persona: 'silver', device: 'device-0001' }, staff),
      b.get('/demo/personas', staff),
    ])
      expect([res.status, (res.body as { error: { message: string } }).error.message]).toEqual([404, '接口不存在'])
    expect(b.engine.db.clockOffsetMs).toBe(0)
    // The rest of the backend is there.
    expect(b.get('/stores').status).toBe(200)
  })

  test('on (the default): the personas are listed and signed in without a key', () => {
    const b = raw()
    expect(b.get('/demo/personas').status).toBe(200)
    expect(b.call('/demo/persona', { persona: 'silver', device: 'device-0001' }).status).toBe(200)
  })
})

describe('persona rebuilds need the staff key; sign-in does not', () => {
  test('reset without the staff key is refused and nothing is rebuilt; without reset the persona signs in as it is', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    await w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 10_000 })
    const after = (await w.client.getMe()).points
    expect(after).toBe(5236 + 120)

    w.setStaff(null)
    const e = await refusal(w.client.personaLogin({ persona: 'silver', device: 'device-0002', reset: true }))
    expect([e.status, e.code, e.userMessage]).toEqual([
      401,
      'staff_key_required',
      '这项操作需要员工密钥，请先填写员工密钥',
    ])
    const signedIn = await w.client.personaLogin({ persona: 'silver', device: 'device-0002' })
    expect(signedIn.persona).toBe('silver')
    expect((await w.client.getMe()).points).toBe(after)

    w.setStaff(DEMO_STAFF_KEY)
    await w.client.personaLogin({ persona: 'silver', device: 'device-0002', reset: true })
    expect(w.engine.db.members[w.engine.db.bySubject['persona:silver']].ledger.length).toBeGreaterThan(0)
    await w.phone('silver')
    expect((await w.client.getMe()).points).toBe(5236)
  })

  test('a member session is not a staff key for a rebuild either', () => {
    const b = raw()
    const res = b.call('/demo/persona', { persona: 'silver', device: 'device-0001', reset: true }, b.member('black'))
    expect([res.status, res.body.error?.code]).toEqual([403, 'staff_only'])
  })
})

describe('a till works for its own store', () => {
  test('DEMO-TILL-1 is 徐汇滨江店’s: a checkout or a lookup for another store is refused with the reason, and uses up no code', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    expect(await w.client.tillWhoAmI()).toEqual({
      id: 't-demo-1',
      name: '演示收银台 1',
      storeId: 's-xuhui',
      storeName: '徐汇滨江店',
    })
    const sale = await refusal(w.client.tillCheckout({ code: p.code(), storeId: 's-jingan', amountFen: 5_000 }))
    expect([sale.status, sale.code, sale.userMessage]).toEqual([
      403,
      'till_other_store',
      '本收银台属于徐汇滨江店，不能为静安寺店结账',
    ])
    const lookup = await refusal(w.client.tillVerify({ code: p.code(), storeId: 's-jingan' }))
    expect([lookup.status, lookup.userMessage]).toEqual([403, '本收银台属于徐汇滨江店，不能为静安寺店查询会员'])
    // The same code still works at its own store: nothing was used or counted.
    await expect(
      w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 5_000 }),
    ).resolves.toMatchObject({ storeName: '徐汇滨江店', member: { nickname: '林小满' } })
    expect((await w.client.getMe()).points).toBe(5236 + 60)
  })

  test('a receipt is refunded only by a till of its own store', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    w.setTill('DEMO-TILL-2')
    expect((await w.client.tillWhoAmI()).storeName).toBe('静安寺店')
    const receipt = await w.client.tillCheckout({ code: p.code(), storeId: 's-jingan', amountFen: 10_000 })
    w.setTill('DEMO-TILL-1')
    const e = await refusal(w.client.tillRefund({ receiptId: receipt.receiptId }))
    expect([e.status, e.code, e.userMessage]).toEqual([
      403,
      'till_other_store',
      '这张小票是静安寺店的，只能由该店的收银台退款（本收银台属于徐汇滨江店）',
    ])
    expect((await w.client.getMe()).points).toBe(5236 + 120)
    w.setTill('DEMO-TILL-2')
    await expect(w.client.tillRefund({ receiptId: receipt.receiptId })).resolves.toMatchObject({ pointsReversed: 120 })
    expect((await w.client.getMe()).points).toBe(5236)
  })
})

describe('wrong codes lock a card per till, with a burst limit over all tills', () => {
  /** Tills by store, in the demo's order: DEMO-TILL-n serves the n-th store. */
  const STORES = ['s-xuhui', 's-jingan', 's-xintiandi', 's-pudong', 's-hangzhou', 's-beijing']

  async function guessWrong(w: ReturnType<typeof world>, good: string, till: number, times: number, from = 0) {
    w.setTill(`DEMO-TILL-${till}`)
    for (let i = 0; i < times; i++) {
      const guess =
        good.slice(0, 12) + ((Number(good.slice(12)) + 1 + from + i) % 1_000_000).toString().padStart(6, '0')
      expect((await refusal(w.client.tillVerify({ code: guess, storeId: STORES[till - 1] }))).code).toBe('code_invalid')
    }
  }

  test('five wrong codes at one till lock the card at that till only: the member still pays at another till', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    await guessWrong(w, p.code(), 1, 5)
    const locked = await refusal(w.client.tillVerify({ code: p.code(), storeId: 's-xuhui' }))
    expect([locked.status, locked.code, locked.userMessage]).toEqual([
      423,
      'code_locked',
      '该会员码在本收银台校验失败次数过多，已临时锁定，请顾客 15 分钟后再试',
    ])
    w.setTill('DEMO-TILL-2')
    await expect(
      w.client.tillCheckout({ code: p.code(), storeId: 's-jingan', amountFen: 1_000 }),
    ).resolves.toMatchObject({ member: { nickname: '林小满' } })
  })

  test('twenty wrong codes over four tills lock the card at every till for 15 minutes', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    for (const till of [1, 2, 3, 4]) await guessWrong(w, p.code(), till, 5, till * 10)
    w.setTill('DEMO-TILL-5')
    const e = await refusal(w.client.tillVerify({ code: p.code(), storeId: 's-hangzhou' }))
    expect([e.code, e.userMessage]).toEqual([
      'code_locked',
      '该会员码校验失败次数过多，已临时锁定，请顾客 15 分钟后再试',
    ])
    w.advance(15 * 60 * 1000 + 1000)
    await expect(w.client.tillVerify({ code: p.code(), storeId: 's-hangzhou' })).resolves.toMatchObject({
      member: { nickname: '林小满' },
    })
  })

  test('one till cannot reach the burst limit alone: its own lock stops it at five per card', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    await guessWrong(w, p.code(), 1, 5)
    for (let i = 0; i < 20; i++)
      expect(
        (await refusal(w.client.tillVerify({ code: p.code().slice(0, 12) + '000000', storeId: 's-xuhui' }))).code,
      ).toBe('code_locked')
    w.setTill('DEMO-TILL-6')
    await expect(w.client.tillVerify({ code: p.code(), storeId: 's-beijing' })).resolves.toMatchObject({
      member: { nickname: '林小满' },
    })
  })
})

describe('a member code is accepted once, whatever the demo clock does', () => {
  test('used, clock to a member day and back: the same code is refused; a fresh code is accepted', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    const code = p.code()
    await w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 10_000 })
    expect((await refusal(w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 10_000 }))).code).toBe(
      'code_used',
    )
    await w.client.setDemoClock({ to: 'member-day' })
    await w.client.setDemoClock({ to: 'now' })
    const replay = await refusal(w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 10_000 }))
    expect([replay.status, replay.code]).toEqual([409, 'code_used'])
    const points = (await w.client.getMe()).points
    w.advance(STEP)
    await expect(
      w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 10_000 }),
    ).resolves.toMatchObject({ pointsEarned: 120 })
    expect((await w.client.getMe()).points).toBe(points + 120)
  })

  test('a code used on the member day stays used when the clock goes back there; codes of today still work', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    await w.client.setDemoClock({ to: 'member-day' })
    const ahead = p.codeAt(w.client.serverNow())
    await w.client.tillCheckout({ code: ahead, storeId: 's-xuhui', amountFen: 10_000 })
    await w.client.setDemoClock({ to: 'now' })
    // The step used ahead does not refuse the codes before it.
    await expect(
      w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 1_000 }),
    ).resolves.toMatchObject({
      member: { nickname: '林小满' },
    })
    await w.client.setDemoClock({ to: 'member-day' })
    expect((await refusal(w.client.tillCheckout({ code: ahead, storeId: 's-xuhui', amountFen: 10_000 }))).code).toBe(
      'code_used',
    )
  })

  test('a coupon written off stays used after the clock moves', async () => {
    const w = world(T0)
    const p = await w.phone('silver')
    const welcome = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    await w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 8_000, couponIds: [welcome.id] })
    await w.client.setDemoClock({ to: 'member-day' })
    expect((await w.client.getCoupons()).coupons.find((c) => c.id === welcome.id)?.status).toBe('used')
    const e = await refusal(
      w.client.tillCheckout({
        code: p.codeAt(w.client.serverNow()),
        storeId: 's-xuhui',
        amountFen: 8_000,
        couponIds: [welcome.id],
      }),
    )
    expect(e.status).toBeGreaterThanOrEqual(400)
  })
})
