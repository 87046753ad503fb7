/** @jest-environment node */
import { createClient } from '@/api/client'
import { createLocalTransport } from '@/api/transports/local'
import { CODE_STEP_SECONDS } from '@/domain/member-code'
import { distanceMeters } from '@/domain/geo'
import { hoursLines, openState } from '@/domain/places'
import { createBackend } from '../../mock/router'
import { refusedWith as refusal, world } from '../setup/world'

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh = 0, mm = 0) => Date.UTC(y, month - 1, d, hh - 8, mm)

const ORDINARY = shanghaiAt(2026, 11, 29, 10) // a Sunday, 19 days before the next member day
const EVE = shanghaiAt(2026, 12, 17, 10)
const QUARTERLY = shanghaiAt(2026, 12, 18, 10) // 季度会员日, ×3
const MONTHLY = shanghaiAt(2027, 1, 18, 10) // 会员日, ×2
const STEP = CODE_STEP_SECONDS * 1000
const STORE = 's-xuhui'

type World = ReturnType<typeof world>

async function couponsFrom(w: World, source: string) {
  return (await w.client.getCoupons()).coupons.filter((c) => c.source === source)
}

async function claimCount(w: World, offerId: string) {
  return (await w.client.getMyMemberDay()).claims.find((c) => c.offerId === offerId)?.count
}

describe('the perks on offer', () => {
  test('anyone sees the offers with their limits and tiers, and the member-only prices', async () => {
    const w = world(ORDINARY)
    const { offers, products, reminderTemplateId } = await w.client.getMemberDay()
    expect(offers.map((o) => [o.id, o.title, o.limitPerMember, o.kinds, o.minTierName])).toEqual([
      ['o-40-8', '满40减8', 2, ['monthly', 'quarterly'], null],
      ['o-75', '7.5折（满30）', 1, ['monthly'], null],
      ['o-100-30', '满100减30', 1, ['quarterly'], null],
      ['o-gold-80-25', '满80减25', 1, ['quarterly'], '金卡'],
    ])
    expect(products.map((p) => [p.name, p.priceFen, p.memberPriceFen])).toEqual([
      ['招牌拿铁', 3_200, 1_900],
      ['冷萃咖啡', 3_500, 2_200],
      ['巴斯克芝士蛋糕', 3_800, 2_500],
      ['云南保山咖啡豆 250g', 9_800, 6_800],
      ['栖木随行杯', 12_900, 8_900],
    ])
    expect(reminderTemplateId).not.toBe('')
  })
})

describe('claiming a member-day coupon', () => {
  test('on an ordinary day the claim is refused, naming the next member day, and nothing is granted', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const before = (await w.client.getCoupons()).coupons.length
    const e = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }))
    expect([e.status, e.code, e.userMessage]).toEqual([
      409,
      'not_member_day',
      '会员日当天才能领取，下一个会员日是 12月18日',
    ])
    expect((await w.client.getCoupons()).coupons).toHaveLength(before)
    const mine = await w.client.getMyMemberDay()
    expect(mine.date).toBe('2026-12-18')
    // Every offer, none claimed; the gold-only one is closed to a silver member, in words.
    expect(mine.claims.map((c) => [c.offerId, c.count])).toEqual([
      ['o-40-8', 0],
      ['o-75', 0],
      ['o-100-30', 0],
      ['o-gold-80-25', 0],
    ])
    expect(mine.claims.find((c) => c.offerId === 'o-gold-80-25')?.refusal).toMatch(/金卡/)
  })

  test('the day after a member day, the claim names the next month’s', async () => {
    const w = world(shanghaiAt(2026, 12, 19, 0, 1))
    await w.phone('silver')
    const e = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }))
    expect([e.code, e.userMessage]).toEqual(['not_member_day', '会员日当天才能领取，下一个会员日是 1月18日'])
  })

  test('on the quarterly day 满40减8 is claimed twice, lands among the coupons, and a third is refused', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    expect(await claimCount(w, 'o-40-8')).toBe(0)

    const first = await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })
    expect(first).toMatchObject({
      claimed: 1,
      limit: 2,
      coupon: { title: '满40减8', status: 'available', source: '季度会员日' },
    })
    const listed = (await w.client.getCoupons()).coupons.find((c) => c.id === first.coupon.id)
    expect(listed).toMatchObject({ title: '满40减8', status: 'available', source: '季度会员日' })
    // Valid for 7 days counting today: to the end of 12-24, Shanghai.
    expect(listed?.validTo).toBe(shanghaiAt(2026, 12, 25) - 1)
    expect(await claimCount(w, 'o-40-8')).toBe(1)

    const second = await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })
    expect(second).toMatchObject({ claimed: 2, limit: 2 })
    expect(second.coupon.id).not.toBe(first.coupon.id)
    expect(await claimCount(w, 'o-40-8')).toBe(2)

    const third = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }))
    expect([third.status, third.code, third.userMessage]).toEqual([
      409,
      'claim_limit',
      '每位会员每个会员日限领 2 张，你已经领满了，下个会员日再来',
    ])
    expect((await couponsFrom(w, '季度会员日')).map((c) => c.id).sort()).toEqual(
      [first.coupon.id, second.coupon.id].sort(),
    )
    expect(await claimCount(w, 'o-40-8')).toBe(2)
    // The limit is per offer: another offer today is still open.
    await expect(w.client.claimMemberDayCoupon({ offerId: 'o-100-30' })).resolves.toMatchObject({
      claimed: 1,
      limit: 1,
      coupon: { title: '满100减30' },
    })
  })

  test('a retried claim with the same key is the same claim; the key with another offer is refused', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    const a = await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }, { idempotencyKey: 'claim-key-1' })
    const b = await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }, { idempotencyKey: 'claim-key-1' })
    expect(b).toEqual(a)
    expect(await couponsFrom(w, '季度会员日')).toHaveLength(1)
    expect(await claimCount(w, 'o-40-8')).toBe(1)

    const e = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-100-30' }, { idempotencyKey: 'claim-key-1' }))
    expect([e.status, e.code]).toEqual([422, 'idempotency_key_reused'])
    expect(await couponsFrom(w, '季度会员日')).toHaveLength(1)
    expect(await claimCount(w, 'o-100-30')).toBe(0)
  })

  test('a refused claim replays as the same refusal under its key, and a new key is a new try', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    await w.client.claimMemberDayCoupon({ offerId: 'o-100-30' })
    const once = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-100-30' }, { idempotencyKey: 'k-limit' }))
    const again = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-100-30' }, { idempotencyKey: 'k-limit' }))
    expect([again.code, again.userMessage]).toEqual([once.code, once.userMessage])
    expect(once.code).toBe('claim_limit')
  })

  test('the gold-and-up offer: refused for a silver member with the reason, granted to a black-card member', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    const e = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-gold-80-25' }))
    expect([e.status, e.code, e.userMessage]).toEqual([403, 'tier_too_low', '金卡及以上会员才能领取，你目前是银卡'])
    expect(await couponsFrom(w, '季度会员日')).toHaveLength(0)
    expect(await claimCount(w, 'o-gold-80-25')).toBe(0)
    // The member-day view says so before any tap, in the same words.
    expect((await w.client.getMyMemberDay()).claims.find((c) => c.offerId === 'o-gold-80-25')?.refusal).toBe(
      '金卡及以上会员才能领取，你目前是银卡',
    )

    await w.phone('black')
    expect((await w.client.getMyMemberDay()).claims.find((c) => c.offerId === 'o-gold-80-25')?.refusal).toBeNull()
    const ok = await w.client.claimMemberDayCoupon({ offerId: 'o-gold-80-25' })
    expect(ok).toMatchObject({
      claimed: 1,
      limit: 1,
      coupon: { title: '满80减25', status: 'available', source: '季度会员日' },
    })
  })

  test('an offer of the other kind of day is refused with the day it comes back', async () => {
    const q = world(QUARTERLY)
    await q.phone('silver')
    const monthlyOnly = await refusal(q.client.claimMemberDayCoupon({ offerId: 'o-75' }))
    expect([monthlyOnly.code, monthlyOnly.userMessage]).toEqual([
      'offer_not_today',
      '这张券只在会员日发放，1月18日再来领',
    ])

    const m = world(MONTHLY)
    await m.phone('silver')
    const quarterlyOnly = await refusal(m.client.claimMemberDayCoupon({ offerId: 'o-100-30' }))
    expect([quarterlyOnly.code, quarterlyOnly.userMessage]).toEqual([
      'offer_not_today',
      '这张券只在季度会员日发放，3月18日再来领',
    ])
    await expect(m.client.claimMemberDayCoupon({ offerId: 'o-75' })).resolves.toMatchObject({
      coupon: { title: '7.5折（满30）', source: '会员日' },
    })
  })

  test('an unknown offer is a 404 with words', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    const e = await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-nope' }))
    expect([e.status, e.code, e.userMessage]).toEqual([404, 'offer_unknown', '找不到这项会员日福利，请刷新后再试'])
  })

  test('limits start again on the next member day', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })
    await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })
    w.advance(MONTHLY - QUARTERLY)
    const mine = await w.client.getMyMemberDay()
    expect(mine.date).toBe('2027-01-18')
    expect(mine.claims.find((c) => c.offerId === 'o-40-8')?.count).toBe(0)
    await expect(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })).resolves.toMatchObject({
      claimed: 1,
      limit: 2,
      coupon: { source: '会员日' },
    })
    expect(await claimCount(w, 'o-40-8')).toBe(1)
  })

  test('someone signed in who has not joined cannot claim', async () => {
    const w = world(QUARTERLY)
    let token: string | null = null
    const visitor = createClient({
      transport: createLocalTransport({ handle: (r) => createBackend(w.engine).dispatch(r) }),
      getToken: () => token,
      relogin: async () => 'expired',
      sleep: async () => undefined,
      now: w.now,
    })
    token = (await visitor.login({ code: 'x', device: 'device-new-01' })).token
    const e = await refusal(visitor.claimMemberDayCoupon({ offerId: 'o-40-8' }))
    expect([e.status, e.code, e.userMessage]).toEqual([404, 'not_member', '还不是会员，请先入会'])
    // The perks themselves are public.
    await expect(visitor.getMemberDay()).resolves.toMatchObject({
      offers: expect.arrayContaining([expect.objectContaining({ id: 'o-40-8' })]),
    })
  })
})

describe('points at the till on a member day', () => {
  test('silver (×1.2) on the quarterly day (×3): ¥100 earns 360 points, the receipt and the activity say why', async () => {
    const w = world(QUARTERLY)
    const p = await w.phone('silver')
    const receipt = await w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })
    expect(receipt).toMatchObject({
      pointsEarned: 360,
      multiplierPct: 360,
      memberDay: { title: '季度会员日', multiplierPct: 300 },
    })
    const { events } = await w.client.getActivity({ since: 0 })
    expect(events[events.length - 1]).toMatchObject({
      kind: 'checkout',
      receiptId: receipt.receiptId,
      pointsDelta: 360,
      memberDay: { title: '季度会员日', multiplierPct: 300 },
    })
    const { entries } = await w.client.getLedger({})
    expect(entries[0]).toMatchObject({ type: 'earn', points: 360 })
    expect(entries[0].note).toContain('季度会员日积分×3')
  })

  test('the same checkout the day before earns 120, with no member day', async () => {
    const w = world(EVE)
    const p = await w.phone('silver')
    const receipt = await w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })
    expect(receipt).toMatchObject({ pointsEarned: 120, multiplierPct: 120, memberDay: null })
    const { events } = await w.client.getActivity({ since: 0 })
    expect(events[events.length - 1]).toMatchObject({ receiptId: receipt.receiptId, pointsDelta: 120, memberDay: null })
  })

  test('on a monthly member day silver earns ×2.4: 240 points for ¥100', async () => {
    const w = world(MONTHLY)
    const p = await w.phone('silver')
    await expect(w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })).resolves.toMatchObject({
      pointsEarned: 240,
      multiplierPct: 240,
      memberDay: { title: '会员日', multiplierPct: 200 },
    })
  })

  test('the multiplier ends at Shanghai midnight', async () => {
    const w = world(shanghaiAt(2026, 12, 18, 23, 59))
    const p = await w.phone('silver')
    await expect(w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })).resolves.toMatchObject({
      pointsEarned: 360,
    })
    w.advance(60_000)
    await expect(w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })).resolves.toMatchObject({
      pointsEarned: 120,
      memberDay: null,
    })
  })

  test('a receipt from the member day claimed the next day still earns the member-day points', async () => {
    const w = world(QUARTERLY)
    await w.phone('silver')
    const anonymous = await w.client.tillCheckout({ storeId: STORE, amountFen: 10_000 })
    expect(anonymous).toMatchObject({ member: null, pointsEarned: 0 })
    w.advance(shanghaiAt(2026, 12, 19, 9) - QUARTERLY)
    await expect(w.client.claimReceipt({ token: anonymous.claimToken })).resolves.toMatchObject({ pointsEarned: 360 })
    const { events } = await w.client.getActivity({ since: 0 })
    expect(events[events.length - 1]).toMatchObject({
      kind: 'claim',
      pointsDelta: 360,
      memberDay: { title: '季度会员日', multiplierPct: 300 },
    })
  })

  test('a claimed member-day coupon takes ¥8 off, points are on what was paid, and it is used once', async () => {
    const w = world(QUARTERLY)
    const p = await w.phone('silver')
    const { coupon } = await w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })
    const receipt = await w.client.tillCheckout({
      code: p.code(),
      storeId: STORE,
      amountFen: 10_000,
      couponIds: [coupon.id],
    })
    expect(receipt).toMatchObject({
      discountFen: 800,
      payableFen: 9_200,
      pointsEarned: 331, // floor(92 × 3.6)
      couponsUsed: [{ id: coupon.id, title: '满40减8', discountFen: 800 }],
    })
    expect((await w.client.getCoupons()).coupons.find((c) => c.id === coupon.id)).toMatchObject({
      status: 'used',
      usedStoreName: '徐汇滨江店',
    })
    w.advance(STEP)
    const again = await refusal(
      w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000, couponIds: [coupon.id] }),
    )
    expect(again.code).toBe('coupon_used')
    expect(again.userMessage).toBe('该券已于 12月18日 10:00 在徐汇滨江店使用')
  })
})

describe('the demo clock', () => {
  test('"quarterly-day" moves the backend to 10:00 on 2026-12-18, "now" brings it back', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    const jump = await w.client.setDemoClock({ to: 'quarterly-day' })
    expect(jump).toEqual({ now: QUARTERLY, offsetMs: QUARTERLY - ORDINARY })
    expect(w.client.serverNow()).toBe(QUARTERLY)
    // The backend now behaves as on the member day: a claim works.
    await expect(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' })).resolves.toMatchObject({
      coupon: { source: '季度会员日' },
    })
    expect((await w.client.getMyMemberDay()).date).toBe('2026-12-18')

    const back = await w.client.setDemoClock({ to: 'now' })
    expect(back).toEqual({ now: ORDINARY, offsetMs: 0 })
    expect(w.client.serverNow()).toBe(ORDINARY)
    expect((await refusal(w.client.claimMemberDayCoupon({ offerId: 'o-40-8' }))).code).toBe('not_member_day')
  })

  test('"member-day" goes to the next monthly day (double points), 2027-01-18 10:00', async () => {
    const w = world(ORDINARY)
    const jump = await w.client.setDemoClock({ to: 'member-day' })
    expect(jump.now).toBe(MONTHLY)
    expect(w.client.serverNow()).toBe(MONTHLY)
  })

  test('on a member day already, the clock stays where it is', async () => {
    const w = world(QUARTERLY)
    await expect(w.client.setDemoClock({ to: 'quarterly-day' })).resolves.toEqual({ now: QUARTERLY, offsetMs: 0 })
  })

  test('after a checkout on the jumped-to day and a jump back, a fresh member code still works at the till', async () => {
    const w = world(ORDINARY)
    const p = await w.phone('silver')
    await w.client.setDemoClock({ to: 'quarterly-day' })
    // The phone shows the code for the server's time.
    const future = await w.client.tillCheckout({
      code: p.codeAt(w.client.serverNow()),
      storeId: STORE,
      amountFen: 10_000,
    })
    expect(future).toMatchObject({ pointsEarned: 360, memberDay: { title: '季度会员日' } })

    await w.client.setDemoClock({ to: 'now' })
    w.advance(STEP)
    const today = await w.client.tillCheckout({
      code: p.codeAt(w.client.serverNow()),
      storeId: STORE,
      amountFen: 10_000,
    })
    expect(today).toMatchObject({ pointsEarned: 120, memberDay: null, member: { tierName: '银卡' } })
  })
})

describe('the demo clock keeps real-time bookkeeping, and "now" resets the personas', () => {
  test('a jump signs nobody out and lifts no lock', async () => {
    const w = world(ORDINARY)
    const p = await w.phone('silver')
    const sessions = Object.keys(w.engine.db.sessions)
    // Five wrong codes lock the card's codes for 15 minutes.
    for (let i = 0; i < 5; i++)
      await refusal(w.client.tillVerify({ code: `${p.code().slice(0, 12)}${String(100000 + i)}`, storeId: STORE }))
    expect((await refusal(w.client.tillVerify({ code: p.code(), storeId: STORE }))).code).toBe('code_locked')
    await w.client.setDemoClock({ to: 'quarterly-day' })
    await w.client.getMyMemberDay()
    expect(Object.keys(w.engine.db.sessions)).toEqual(sessions)
    expect((await refusal(w.client.tillVerify({ code: p.codeAt(w.client.serverNow()), storeId: STORE }))).code).toBe(
      'code_locked',
    )
    // 15 minutes on (in real time), the lock is over on the moved clock too.
    w.advance(15 * 60 * 1000 + 1000)
    await expect(w.client.tillVerify({ code: p.codeAt(w.client.serverNow()), storeId: STORE })).resolves.toMatchObject({
      member: { nickname: '林小满' },
    })
  })

  test('going back rebuilds the demo personas as of today; their phones keep working', async () => {
    const w = world(ORDINARY)
    const p = await w.phone('expiring')
    const seeded = (await w.client.getPoints()).balance
    await w.client.setDemoClock({ to: 'member-day' })
    // A month and a half on, the expiring lots have lapsed.
    expect((await w.client.getPoints()).balance).toBeLessThan(seeded)
    await w.client.setDemoClock({ to: 'now' })
    expect((await w.client.getPoints()).balance).toBe(seeded)
    w.advance(STEP)
    await expect(w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 1_000 })).resolves.toMatchObject({
      member: { nickname: '陈默' },
    })
  })

  test('a coupon used at the till stays used when going back rebuilds the personas, and cannot be used again', async () => {
    const w = world(ORDINARY)
    const p = await w.phone('silver')
    const welcome = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    await w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 8_000, couponIds: [welcome.id] })
    await w.client.setDemoClock({ to: 'member-day' })
    await w.client.setDemoClock({ to: 'now' })
    const after = (await w.client.getCoupons()).coupons.filter((c) => c.title === '满50减10')
    // One 满50减10, the one used: not a fresh one beside it.
    expect(after.map((c) => [c.id, c.status])).toEqual([[welcome.id, 'used']])
    w.advance(STEP)
    const again = await refusal(
      w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 8_000, couponIds: [welcome.id] }),
    )
    expect(again.code).toBe('coupon_used')
    // The coupons it did not use are there as of today, each once.
    const titles = (await w.client.getCoupons()).coupons.map((c) => `${c.title}:${c.status}`)
    expect(new Set(titles).size).toBe(titles.length)
    expect(titles.filter((t) => t.endsWith(':available')).length).toBeGreaterThan(0)
  })

  test('a refund of a member-day receipt takes back the multiplied points', async () => {
    const w = world(QUARTERLY)
    const p = await w.phone('silver')
    const before = (await w.client.getPoints()).balance
    const receipt = await w.client.tillCheckout({ code: p.code(), storeId: STORE, amountFen: 10_000 })
    expect(receipt.pointsEarned).toBe(360)
    await expect(w.client.tillRefund({ receiptId: receipt.receiptId })).resolves.toMatchObject({
      pointsReversed: 360,
      pointsShortfall: 0,
    })
    expect((await w.client.getPoints()).balance).toBe(before)
  })
})

describe('the reminder', () => {
  test('one member day at a time (a WeChat subscription covers one message), sent the evening before at 20:00', async () => {
    const w = world(ORDINARY)
    await w.phone('silver')
    expect((await w.client.getMyMemberDay()).reminder).toBeNull()
    const remindAt = shanghaiAt(2026, 12, 17, 20)
    await expect(w.client.setMemberDayReminder({ on: true })).resolves.toEqual({
      reminder: { date: '2026-12-18', remindAt },
    })
    expect((await w.client.getMyMemberDay()).reminder).toEqual({ date: '2026-12-18', remindAt })
    await expect(w.client.setMemberDayReminder({ on: false })).resolves.toEqual({ reminder: null })
    expect((await w.client.getMyMemberDay()).reminder).toBeNull()

    // Asked for December, it does not carry over to January.
    await w.client.setMemberDayReminder({ on: true })
    w.advance(shanghaiAt(2026, 12, 19, 10) - w.now())
    expect(await w.client.getMyMemberDay()).toMatchObject({ date: '2027-01-18', reminder: null })
  })
})

describe('the store list', () => {
  test('each store has an address, a phone, GCJ-02 coordinates in its city, and opening hours', async () => {
    const w = world(ORDINARY)
    const stores = await w.client.listStores()
    expect(stores.map((s) => s.id)).toEqual(expect.arrayContaining(['s-xuhui', 's-jingan', 's-xintiandi']))
    const centres: Record<string, { latitude: number; longitude: number }> = {
      上海: { latitude: 31.2304, longitude: 121.4737 },
      杭州: { latitude: 30.2741, longitude: 120.1551 },
      北京: { latitude: 39.9042, longitude: 116.4074 },
    }
    for (const s of stores) {
      expect(s.address).toMatch(new RegExp(`^${s.city}市.+号$`))
      expect(s.phone).toMatch(/^0\d{2,3}-\d{4} \d{4}$/)
      expect(distanceMeters(centres[s.city], s)).toBeLessThan(30_000)
      expect(s.hours.length).toBeGreaterThan(0)
      expect(hoursLines(s.hours).every((line) => /^(每天|周.+) \d{2}:\d{2}–(次日 )?\d{2}:\d{2}$/.test(line))).toBe(true)
    }
    const xintiandi = stores.find((s) => s.id === 's-xintiandi')!
    // 00:30 on Saturday 2026-11-28: still Friday night's late opening.
    expect(openState(xintiandi.hours, shanghaiAt(2026, 11, 28, 0, 30))).toEqual({
      open: true,
      text: '营业中 · 01:00 打烊',
    })
  })
})
