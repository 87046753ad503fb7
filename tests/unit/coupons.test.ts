/** @jest-environment node */
import { couponTitle, couponVerdict, type CouponTerms, type Names } from '@/domain/coupons'
import { refusedWith, world as makeWorld } from '../setup/world'

// 2026-11-28 15:00 Shanghai, a Saturday afternoon.
const T0 = Date.UTC(2026, 10, 28, 7)
const DAY = 86_400_000
const names: Names = {
  store: (id) => ({ 's-jingan': '静安寺店', 's-xuhui': '徐汇滨江店' })[id] ?? id,
  tier: (i) => ['新会员', '银卡', '金卡', '黑金'][i],
}
const base: CouponTerms = {
  kind: 'amount',
  valueFen: 1_000,
  discountPct: 100,
  itemName: null,
  thresholdFen: 5_000,
  channel: 'any',
  storeIds: null,
  minTierIndex: null,
  validFrom: T0 - DAY,
  validTo: T0 + DAY,
  dailyWindow: null,
}
const basket = { amountFen: 6_000, storeId: 's-xuhui', channel: 'store' as const, at: T0, tierIndex: 1 }

describe('why a coupon does or does not apply, in words', () => {
  test.each([
    ['applies', base, basket, { ok: true, discountFen: 1_000 }],
    ['under the threshold', base, { ...basket, amountFen: 3_200 }, { ok: false, reason: '本单 ¥32，满 ¥50 才能使用' }],
    ['exactly at the threshold', base, { ...basket, amountFen: 5_000 }, { ok: true, discountFen: 1_000 }],
    ['another store', { ...base, storeIds: ['s-jingan'] }, basket, { ok: false, reason: '该券仅限静安寺店使用' }],
    ['not yet valid', { ...base, validFrom: T0 + DAY }, basket, { ok: false, reason: '该券 11月29日 起可用' }],
    ['expired', { ...base, validTo: T0 - 1 }, basket, { ok: false, reason: '该券已于 11月28日 过期' }],
    [
      'outside the daily window',
      { ...base, dailyWindow: { fromMinute: 10 * 60, toMinute: 14 * 60 } },
      basket,
      { ok: false, reason: '该券每天 10:00–14:00 可用' },
    ],
    [
      'inside the daily window',
      { ...base, dailyWindow: { fromMinute: 14 * 60, toMinute: 17 * 60 } },
      basket,
      { ok: true, discountFen: 1_000 },
    ],
    ['tier too low', { ...base, minTierIndex: 2 }, basket, { ok: false, reason: '该券仅限金卡及以上会员使用' }],
    ['online only', { ...base, channel: 'online' as const }, basket, { ok: false, reason: '该券仅限小程序点单使用' }],
    [
      '8.5折 capped at ¥30',
      { ...base, kind: 'discount' as const, discountPct: 85, valueFen: 3_000, thresholdFen: 0 },
      { ...basket, amountFen: 30_000 },
      { ok: true, discountFen: 3_000 },
    ],
    [
      '8.5折 under the cap',
      { ...base, kind: 'discount' as const, discountPct: 85, valueFen: 3_000, thresholdFen: 0 },
      basket,
      { ok: true, discountFen: 900 },
    ],
    [
      'a latte worth up to ¥38 on a ¥32 basket',
      { ...base, kind: 'item' as const, itemName: '拿铁', valueFen: 3_800, thresholdFen: 0 },
      { ...basket, amountFen: 3_200 },
      { ok: true, discountFen: 3_200 },
    ],
  ])('%s', (_name, terms, b, verdict) => {
    expect(couponVerdict(terms, b, names)).toEqual(verdict)
  })

  test('titles say the deal', () => {
    expect(couponTitle(base)).toBe('满50减10')
    expect(couponTitle({ ...base, kind: 'discount', discountPct: 85, thresholdFen: 0 })).toBe('8.5折')
    expect(couponTitle({ ...base, kind: 'item', itemName: '拿铁' })).toBe('拿铁一杯')
  })
})

const world = () => makeWorld(T0)
const refusal = refusedWith

describe('coupons at the till', () => {
  test("the till lists the member's coupons, the one picked with 去使用 first, each usable or with its reason", async () => {
    const w = world()
    const p = await w.phone('silver')
    const { coupons } = await w.client.getCoupons()
    expect(coupons.map((c) => c.title)).toEqual(expect.arrayContaining(['满50减10', '满60减15', '拿铁一杯']))
    const afternoon = coupons.find((c) => c.title === '满60减15')!
    expect(afternoon.rules).toEqual(expect.arrayContaining(['适用门店：静安寺店', '每天 14:00–17:00 可用']))
    await w.client.selectCoupon({ couponId: afternoon.id })
    const verify = await w.client.tillVerify({ code: p.code(), storeId: 's-xuhui', amountFen: 8_000 })
    expect(verify.coupons[0]).toMatchObject({
      id: afternoon.id,
      selected: true,
      usable: false,
      reason: '该券仅限静安寺店使用',
    })
    expect(verify.coupons.find((c) => c.title === '满50减10')).toMatchObject({ usable: true, discountFen: 1_000 })
  })

  test('a checkout applies the coupon once: the discount, points on what was paid, and a second use refused with the reason', async () => {
    const w = world()
    const p = await w.phone('silver')
    const welcome = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    const receipt = await w.client.tillCheckout({
      code: p.code(),
      storeId: 's-xuhui',
      amountFen: 8_000,
      couponIds: [welcome.id],
    })
    expect(receipt).toMatchObject({
      discountFen: 1_000,
      payableFen: 7_000,
      pointsEarned: 84,
      couponsUsed: [{ id: welcome.id, title: '满50减10', discountFen: 1_000 }],
    })
    expect((await w.client.getCoupons()).coupons.find((c) => c.id === welcome.id)).toMatchObject({
      status: 'used',
      usedStoreName: '徐汇滨江店',
    })
    const { events } = await w.client.getActivity({ since: 0 })
    expect(events.at(-1)?.couponsUsed).toEqual(['满50减10'])
    w.advance(30_000)
    const again = await refusal(
      w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 8_000, couponIds: [welcome.id] }),
    )
    expect([again.code, again.userMessage]).toEqual(['coupon_used', '该券已于 11月28日 15:00 在徐汇滨江店使用'])
  })

  test('a coupon that does not apply refuses the checkout, uses nothing, and the code still works', async () => {
    const w = world()
    const p = await w.phone('silver')
    const welcome = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    const code = p.code()
    const e = await refusal(
      w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 3_200, couponIds: [welcome.id] }),
    )
    expect([e.code, e.userMessage]).toEqual(['coupon_not_applicable', '本单 ¥32，满 ¥50 才能使用'])
    expect((await w.client.getCoupons()).coupons.find((c) => c.id === welcome.id)?.status).toBe('available')
    await expect(w.client.tillCheckout({ code, storeId: 's-xuhui', amountFen: 3_200 })).resolves.toMatchObject({
      pointsEarned: 38,
    })
  })

  test("another member's coupon, or a coupon without a member code, is refused", async () => {
    const w = world()
    const black = await (async () => (await w.phone('black'), (await w.client.getCoupons()).coupons[0]))()
    const p = await w.phone('silver')
    expect(
      (
        await refusal(
          w.client.tillCheckout({ code: p.code(), storeId: 's-xuhui', amountFen: 20_000, couponIds: [black.id] }),
        )
      ).code,
    ).toBe('coupon_unknown')
    expect(
      (await refusal(w.client.tillCheckout({ storeId: 's-xuhui', amountFen: 20_000, couponIds: [black.id] }))).code,
    ).toBe('coupon_needs_code')
  })

  test('a refund gives the coupon back; a redeemed latte coupon lands among the coupons', async () => {
    const w = world()
    const p = await w.phone('silver')
    const welcome = (await w.client.getCoupons()).coupons.find((c) => c.title === '满50减10')!
    const r = await w.client.tillCheckout({
      code: p.code(),
      storeId: 's-xuhui',
      amountFen: 8_000,
      couponIds: [welcome.id],
    })
    await w.client.tillRefund({ receiptId: r.receiptId })
    expect((await w.client.getCoupons()).coupons.find((c) => c.id === welcome.id)?.status).toBe('available')
    await w.client.redeemReward({ rewardId: 'r-latte' })
    const lattes = (await w.client.getCoupons()).coupons.filter((c) => c.title === '拿铁一杯')
    expect(lattes.map((c) => c.source).sort()).toEqual(['生日礼', '积分兑换'])
  })
})
