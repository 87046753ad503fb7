/** @jest-environment node */
import fc from 'fast-check'
import { HttpError } from '@/api/errors'
import { hexToBytes, memberCodeAt, CODE_STEP_SECONDS } from '@/domain/member-code'
import { refusedWith, world as makeWorld } from '../setup/world'
import { balanceOf } from '@/domain/points'
import { Engine } from '../../mock/engine/engine'

const T0 = Date.UTC(2026, 10, 28, 2, 0, 5)
const STEP = CODE_STEP_SECONDS * 1000
/** What the till is told of the silver persona: a masked card number, name, tier and points, nothing more. */
const SILVER_AT_TILL = { member: { cardIdMasked: '1000 **** 02', nickname: '林小满', tierName: '银卡', points: 5236 } }

const world = () => makeWorld(T0)
const refusal = refusedWith

describe('verify', () => {
  test('the current code and the previous step verify; the till sees only a summary', async () => {
    const w = world()
    const p = await w.phone('silver')
    const { member } = await w.client.tillVerify({ code: p.codeAt(w.now()), storeId: 's-xuhui' })
    expect(member).toEqual(SILVER_AT_TILL.member)
    const old = p.codeAt(w.now())
    w.advance(STEP)
    // Verifying uses nothing up: the previous step's code shows the same member, points unchanged.
    await expect(w.client.tillVerify({ code: old, storeId: 's-xuhui' })).resolves.toMatchObject(SILVER_AT_TILL)
  })

  test.each([
    ['malformed', (c: string) => c.slice(0, 17), 400, 'code_malformed'],
    [
      'forged',
      (c: string) => c.slice(0, 12) + ((Number(c.slice(12)) + 1) % 1_000_000).toString().padStart(6, '0'),
      403,
      'code_invalid',
    ],
    ['unknown card', (c: string) => '669999999999' + c.slice(12), 404, 'code_unknown'],
  ])('a %s code is refused with a reason the cashier can read', async (_name, mangle, status, code) => {
    const w = world()
    const p = await w.phone('silver')
    const e = await refusal(w.client.tillVerify({ code: mangle(p.codeAt(w.now())), storeId: 's-xuhui' }))
    expect([e.status, e.code]).toEqual([status, code])
    expect(e.userMessage).toMatch(/[\u4e00-\u9fa5]/)
  })

  test('a code two steps old is expired, not wrong', async () => {
    const w = world()
    const p = await w.phone('silver')
    const code = p.codeAt(w.now())
    w.advance(2 * STEP)
    const e = await refusal(w.client.tillVerify({ code, storeId: 's-xuhui' }))
    expect(e.code).toBe('code_expired')
    expect(e.userMessage).toBe('会员码已过期，请让顾客刷新后重新出示')
  })

  test('without a valid till key nothing is answered', async () => {
    const w = world()
    const p = await w.phone('silver')
    w.setTill('WRONG')
    expect((await refusal(w.client.tillVerify({ code: p.codeAt(w.now()), storeId: 's-xuhui' }))).status).toBe(401)
    w.setTill(null)
    expect((await refusal(w.client.tillVerify({ code: p.codeAt(w.now()), storeId: 's-xuhui' }))).code).toBe(
      'till_unauthorized',
    )
  })

  test('a burst of wrong guesses locks the card, so six digits cannot be guessed', async () => {
    const w = world()
    const p = await w.phone('silver')
    const good = p.codeAt(w.now())
    for (let i = 0; i < 5; i++) {
      const guess = good.slice(0, 12) + ((Number(good.slice(12)) + 1 + i) % 1_000_000).toString().padStart(6, '0')
      await refusal(w.client.tillVerify({ code: guess, storeId: 's-xuhui' }))
    }
    const e = await refusal(w.client.tillVerify({ code: good, storeId: 's-xuhui' }))
    expect(e.code).toBe('code_locked')
    w.advance(16 * 60 * 1000)
    await expect(w.client.tillVerify({ code: p.codeAt(w.now()), storeId: 's-xuhui' })).resolves.toMatchObject(
      SILVER_AT_TILL,
    )
  })

  test("a member's sign-in brings a new code secret and retires the one before; a visitor's brings none", async () => {
    const w = world()
    const visitor = await w.client.login({ code: 'wx-code', device: 'device-visitor' })
    expect(visitor.memberId).toBeNull()
    expect(visitor.codeSecret).toBeUndefined()

    const before = await w.client.personaLogin({ persona: 'silver', device: 'device-0001' })
    const after = await w.client.personaLogin({ persona: 'silver', device: 'device-0001' })
    expect(after.codeSecret?.cardId).toBe('1000000002')
    expect(after.codeSecret?.secret).not.toBe(before.codeSecret?.secret)
    const codeFrom = (s: typeof after) =>
      memberCodeAt(s.codeSecret?.cardId ?? '', hexToBytes(s.codeSecret?.secret ?? ''), w.now())
    await expect(w.client.tillVerify({ code: codeFrom(after), storeId: 's-xuhui' })).resolves.toMatchObject(
      SILVER_AT_TILL,
    )
    w.advance(10 * 60 * 1000 + STEP)
    expect((await refusal(w.client.tillVerify({ code: codeFrom(before), storeId: 's-xuhui' }))).code).toBe(
      'code_invalid',
    )
    await expect(w.client.tillVerify({ code: codeFrom(after), storeId: 's-xuhui' })).resolves.toMatchObject(
      SILVER_AT_TILL,
    )
  })

  test('a new secret (re-login) retires the old one after a 10-minute grace (its answer may have been lost)', async () => {
    const w = world()
    const first = await w.phone('silver')
    await w.phone('silver')
    // The phone never got the new secret: its codes still work for a while…
    await expect(w.client.tillVerify({ code: first.codeAt(w.now()), storeId: 's-xuhui' })).resolves.toMatchObject(
      SILVER_AT_TILL,
    )
    w.advance(10 * 60 * 1000 + 1)
    // …then they are refused.
    expect((await refusal(w.client.tillVerify({ code: first.codeAt(w.now()), storeId: 's-xuhui' }))).code).toBe(
      'code_invalid',
    )
  })

  test('once a newer code is used, an older one photographed in the queue is refused', async () => {
    const w = world()
    const p = await w.phone('silver')
    const photographed = p.codeAt(w.now())
    w.advance(STEP)
    await w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 1_000 })
    const e = await refusal(w.client.tillCheckout({ code: photographed, storeId: 's-xuhui', amountFen: 99_900 }))
    expect(e.code).toBe('code_used')
  })
})

describe('checkout', () => {
  test('awards points as a lot (¥1 × tier multiplier), adds spend and a visit, and a code works once', async () => {
    const w = world()
    const p = await w.phone('silver')
    const code = p.codeAt(w.now())
    const receipt = await w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 12_850 })
    expect(receipt).toMatchObject({
      storeName: '徐汇滨江店',
      amountFen: 12_850,
      pointsEarned: 153,
      multiplierPct: 120,
      tierBefore: '银卡',
      tierAfter: '银卡',
      refundedAt: null,
    })
    expect(receipt.member).toMatchObject({ points: 5236 + 153 })
    const card = await w.client.getMe()
    expect(card.stats).toEqual({ spendFen: 468_000 + 12_850, visits: 11 })
    expect(card.points).toBe(5389)
    const again = await refusal(w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 100 }))
    expect([again.status, again.code, again.userMessage]).toEqual([
      409,
      'code_used',
      '该会员码已使用过，请让顾客刷新后重新出示',
    ])
  })

  test('reaching the next tier upgrades at once', async () => {
    const w = world()
    const p = await w.phone('silver')
    const receipt = await w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 32_000 })
    expect([receipt.tierBefore, receipt.tierAfter]).toEqual(['银卡', '金卡'])
    const { events } = await w.client.getActivity({ since: T0 - 1 })
    expect(events.at(-1)).toMatchObject({
      kind: 'checkout',
      pointsDelta: 384,
      tierBefore: { name: '银卡' },
      tierAfter: { name: '金卡' },
    })
    expect((await w.client.getMe()).tierName).toBe('金卡')
  })

  test('a retried checkout with the same key awards once; the same key with another body is refused', async () => {
    const w = world()
    const p = await w.phone('silver')
    const body = { code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 5_000 }
    const a = await w.client.tillCheckout(body, { idempotencyKey: 'till-key-1' })
    const b = await w.client.tillCheckout(body, { idempotencyKey: 'till-key-1' })
    expect(b).toEqual(a)
    expect((await w.client.getMe()).points).toBe(5236 + 60)
    expect(
      (await refusal(w.client.tillCheckout({ ...body, amountFen: 6_000 }, { idempotencyKey: 'till-key-1' }))).status,
    ).toBe(422)
  })

  test.each([0, -100, 1.5, 10_000_001])('an amount of %p fen is refused and nothing changes', async (amountFen) => {
    const w = world()
    const p = await w.phone('silver')
    const e = await refusal(w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen }))
    expect(e.status).toBe(400)
    expect((await w.client.getMe()).points).toBe(5236)
  })
})

describe('refund and claim', () => {
  test('a refund reverses the points and spend, once', async () => {
    const w = world()
    const p = await w.phone('new')
    const r = await w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 8_800 })
    expect((await w.client.getMe()).points).toBe(88)
    const refund = await w.client.tillRefund({ receiptId: r.receiptId })
    expect(refund).toMatchObject({ pointsReversed: 88, spendReversedFen: 8_800 })
    expect(await w.client.tillRefund({ receiptId: r.receiptId })).toEqual(refund)
    const card = await w.client.getMe()
    expect(card.points).toBe(0)
    expect(card.stats).toEqual({ spendFen: 0, visits: 0 })
  })

  test('a refund after the points were spent keeps their value back from the cash refund', async () => {
    const w = world()
    const p = await w.phone('new')
    const r = await w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 60_000 })
    expect(r.pointsEarned).toBe(600)
    await w.client.redeemReward({ rewardId: 'r-latte' }, { idempotencyKey: 'latte-1' })
    const refund = await w.client.tillRefund({ receiptId: r.receiptId })
    expect(refund).toMatchObject({ pointsReversed: 0, pointsShortfall: 600, deductFen: 600, spendReversedFen: 60_000 })
    expect((await w.client.getMe()).points).toBe(0)
  })

  test('a refund takes back the upgrade its purchase caused', async () => {
    const w = world()
    const p = await w.phone('silver')
    const silverSince = (await w.client.getMe()).tierSince
    const r = await w.client.tillCheckout({ code: p.codeAt(w.now()), storeId: 's-xuhui', amountFen: 32_000 })
    expect(r.tierAfter).toBe('金卡')
    await w.client.tillRefund({ receiptId: r.receiptId })
    const card = await w.client.getMe()
    expect(card.tierName).toBe('银卡')
    expect(card.tierSince).toBe(silverSince) // the silver year runs on as before
    expect(card.progress).toMatchObject({ spendToGoFen: 32_000, visitsToGo: 2 })
  })

  test('a receipt without a member code can be claimed once within 7 days', async () => {
    const w = world()
    w.setTill('DEMO-TILL-4') // 陆家嘴店's till
    const r = await w.client.tillCheckout({ storeId: 's-pudong', amountFen: 4_500 })
    expect(r.member).toBeNull()
    await w.phone('new')
    const claimed = await w.client.claimReceipt({ token: r.claimToken })
    expect(claimed).toMatchObject({ pointsEarned: 45, pointsBalance: 45, storeName: '陆家嘴店' })
    const again = await refusal(w.client.claimReceipt({ token: r.claimToken }))
    expect([again.code, again.userMessage]).toEqual(['receipt_claimed', '这张小票的积分你已经领取过了'])
  })

  test('forged, refunded and expired receipts are refused with the reason', async () => {
    const w = world()
    w.setTill('DEMO-TILL-4') // 陆家嘴店's till
    const a = await w.client.tillCheckout({ storeId: 's-pudong', amountFen: 4_500 })
    const b = await w.client.tillCheckout({ storeId: 's-pudong', amountFen: 4_500 })
    const c = await w.client.tillCheckout({ storeId: 's-pudong', amountFen: 4_500 })
    await w.client.tillRefund({ receiptId: b.receiptId })
    await w.phone('new')
    const forged = a.claimToken.replace(/\.(\d+)\./, (_m, exp: string) => `.${Number(exp) + 86_400_000}.`)
    expect((await refusal(w.client.claimReceipt({ token: forged }))).code).toBe('receipt_invalid')
    expect((await refusal(w.client.claimReceipt({ token: b.claimToken }))).code).toBe('receipt_refunded')
    w.advance(7 * 86_400_000 + 1)
    expect((await refusal(w.client.claimReceipt({ token: c.claimToken }))).code).toBe('receipt_expired')
    expect((await w.client.getMe()).points).toBe(0)
  })
})

test('property: after any sequence of checkouts, refunds, claims, redemptions and clock moves, balance = ledger = live lots ≥ 0 and spend matches the receipts', async () => {
  type Op =
    | { kind: 'checkout'; amount: number; member: boolean }
    | { kind: 'refund'; pick: number }
    | { kind: 'claim'; pick: number }
    | { kind: 'redeem'; reward: string }
    | { kind: 'wait'; ms: number }
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('checkout' as const),
      amount: fc.integer({ min: 1, max: 600_000 }),
      member: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('claim' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('redeem' as const), reward: fc.constantFrom('r-latte', 'r-5off', 'r-drip') }),
    fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: STEP, max: 40 * 86_400_000 }) }),
  )
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 25 }),
      fc.constantFrom('new', 'expiring', 'gold-drop') as fc.Arbitrary<'new' | 'expiring' | 'gold-drop'>,
      async (ops: Op[], persona) => {
        const w = world()
        const p = await w.phone(persona)
        const receipts: { id: string; token: string; amount: number }[] = []
        for (const o of ops) {
          w.advance(STEP) // a fresh code each time
          if (o.kind === 'checkout') {
            const r = await w.client.tillCheckout({
              ...(o.member ? { code: p.codeAt(w.now()) } : {}),
              storeId: 's-xuhui',
              amountFen: o.amount,
            })
            receipts.push({ id: r.receiptId, token: r.claimToken, amount: o.amount })
          } else if (o.kind === 'refund' && receipts.length) {
            await w.client.tillRefund({ receiptId: receipts[o.pick % receipts.length].id })
          } else if (o.kind === 'claim' && receipts.length) {
            await w.client.claimReceipt({ token: receipts[o.pick % receipts.length].token }).catch((e: unknown) => {
              if (!(e instanceof HttpError) || e.status >= 500) throw e
            })
          } else if (o.kind === 'redeem') {
            await w.client.redeemReward({ rewardId: o.reward }).catch((e: unknown) => {
              if (!(e instanceof HttpError) || e.status >= 500) throw e
            })
          } else if (o.kind === 'wait') w.advance(o.ms)
        }
        const card = await w.client.getMe()
        const m = w.engine.db.members[p.memberId]
        const live = m.lots.filter((l) => l.expiresAt > w.now()).reduce((s, l) => s + l.remaining, 0)
        expect(card.points).toBe(balanceOf(m.ledger))
        expect(card.points).toBe(live)
        expect(card.points).toBeGreaterThanOrEqual(0)
        const credited = Object.values(w.engine.db.receipts).filter((r) => r.memberId === p.memberId && !r.refund)
        const spendFromCheckouts = m.checkouts
          .filter((c) => c.receiptId && !c.refundedAt)
          .reduce((s, c) => s + c.amountFen, 0)
        expect(spendFromCheckouts).toBe(credited.reduce((s, r) => s + r.amountFen, 0))
      },
    ),
    { numRuns: 60 },
  )
}, 60_000)

test('two tills checking out the same member at once over HTTP lose nothing', async () => {
  const { createMockServer } = await import('../../mock/server/http')
  let clock = T0
  const engine = new Engine(null, { now: () => clock })
  const server = createMockServer({ engine, log: () => undefined })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  try {
    const { token } = (await (
      await post('/demo/persona', { persona: 'silver', device: 'device-0001' }, {})
    ).json()) as { token: string }
    const { cardId, secret } = (await (
      await post('/me/code-secret', {}, { authorization: `Bearer ${token}` })
    ).json()) as { cardId: string; secret: string }
    const previous = memberCodeAt(cardId, hexToBytes(secret), clock)
    clock += STEP
    const current = memberCodeAt(cardId, hexToBytes(secret), clock)
    const [a, b] = await Promise.all([
      post(
        '/till/checkout',
        { code: previous, storeId: 's-xuhui', amountFen: 10_000 },
        { 'x-till-key': 'DEMO-TILL-1', 'idempotency-key': 'a-1' },
      ),
      post(
        '/till/checkout',
        { code: current, storeId: 's-jingan', amountFen: 20_000 },
        { 'x-till-key': 'DEMO-TILL-2', 'idempotency-key': 'b-1' },
      ),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    const me = (await (await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      points: number
      stats: { spendFen: number }
    }
    expect(me.points).toBe(5236 + 120 + 240)
    expect(me.stats.spendFen).toBe(468_000 + 30_000)
  } finally {
    await new Promise((r) => server.close(r))
  }
})
