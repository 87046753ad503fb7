/**
 * Coupons: templates and the instances members hold (available → used | expired), how they show,
 * which apply at the till and why not, and writing them off at checkout, once.
 */
import type { Coupon, TillCoupon } from '../../src/api/contract'
import {
  couponRules,
  couponTitle,
  couponVerdict,
  type CouponTerms,
  type Names,
  type Verdict,
} from '../../src/domain/coupons'
import { DAY_MS, shanghai } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import type { CouponRecord, CouponTemplateRecord, Db, MemberRecord } from './db'
import { ApiFailure } from './failure'
import { couponPicture } from './pictures'

export const DEFAULT_COUPON_TEMPLATES: CouponTemplateRecord[] = [
  {
    id: 't-welcome',
    kind: 'amount',
    valueFen: 1_000,
    discountPct: 100,
    itemName: null,
    thresholdFen: 5_000,
    channel: 'any',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 30,
  },
  {
    id: 't-latte',
    kind: 'item',
    valueFen: 3_800,
    discountPct: 100,
    itemName: '拿铁',
    thresholdFen: 0,
    channel: 'store',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 30,
  },
  {
    id: 't-5off',
    kind: 'amount',
    valueFen: 500,
    discountPct: 100,
    itemName: null,
    thresholdFen: 3_000,
    channel: 'any',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 30,
  },
  {
    id: 't-cake',
    kind: 'item',
    valueFen: 3_200,
    discountPct: 100,
    itemName: '芝士蛋糕',
    thresholdFen: 0,
    channel: 'store',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 30,
  },
  {
    id: 't-jingan-afternoon',
    kind: 'amount',
    valueFen: 1_500,
    discountPct: 100,
    itemName: null,
    thresholdFen: 6_000,
    channel: 'store',
    storeIds: ['s-jingan'],
    minTierId: null,
    dailyWindow: { fromMinute: 14 * 60, toMinute: 17 * 60 },
    validDays: 14,
  },
  {
    id: 't-gold-85',
    kind: 'discount',
    valueFen: 3_000,
    discountPct: 85,
    itemName: null,
    thresholdFen: 0,
    channel: 'any',
    storeIds: null,
    minTierId: 'gold',
    dailyWindow: null,
    validDays: 30,
  },
  {
    id: 't-black-20',
    kind: 'amount',
    valueFen: 2_000,
    discountPct: 100,
    itemName: null,
    thresholdFen: 10_000,
    channel: 'store',
    storeIds: null,
    minTierId: 'black',
    dailyWindow: null,
    validDays: 60,
  },
  // Member-day coupons (claimed on the day, see member-day.ts).
  {
    id: 't-md-40-8',
    kind: 'amount',
    valueFen: 800,
    discountPct: 100,
    itemName: null,
    thresholdFen: 4_000,
    channel: 'any',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 7,
  },
  {
    id: 't-md-75',
    kind: 'discount',
    valueFen: 2_000,
    discountPct: 75,
    itemName: null,
    thresholdFen: 3_000,
    channel: 'store',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 7,
  },
  {
    id: 't-md-100-30',
    kind: 'amount',
    valueFen: 3_000,
    discountPct: 100,
    itemName: null,
    thresholdFen: 10_000,
    channel: 'any',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 7,
  },
  {
    id: 't-md-gold-80-25',
    kind: 'amount',
    valueFen: 2_500,
    discountPct: 100,
    itemName: null,
    thresholdFen: 8_000,
    channel: 'store',
    storeIds: null,
    minTierId: 'gold',
    dailyWindow: null,
    validDays: 7,
  },
]

export function template(db: Db, id: string): CouponTemplateRecord {
  const t = db.couponTemplates.find((x) => x.id === id)
  if (!t) throw new Error(`unknown coupon template ${id}`)
  return t
}

export function names(db: Db): Names {
  return {
    store: (id) => db.stores.find((s) => s.id === id)?.name ?? id,
    tier: (i) => db.programme.tiers[i]?.name ?? '',
  }
}

/** A template's terms for a coupon valid over [validFrom, validTo]. */
export function templateTerms(db: Db, t: CouponTemplateRecord, validFrom: number, validTo: number): CouponTerms {
  const { id: _id, minTierId, validDays: _days, ...shared } = t
  return { ...shared, minTierIndex: minTierId ? tierIndex(db.programme.tiers, minTierId) : null, validFrom, validTo }
}

function terms(db: Db, c: CouponRecord): CouponTerms {
  return templateTerms(db, template(db, c.templateId), c.validFrom, c.validTo)
}

/** A new coupon for a member from a template, valid from now to the end of the last day. */
export function grant(db: Db, member: MemberRecord, templateId: string, now: number, source: string): CouponRecord {
  const t = template(db, templateId)
  const coupon: CouponRecord = {
    id: `cp-${member.cardId.slice(-4)}-${++member.seq}`,
    templateId,
    status: 'available',
    obtainedAt: now,
    validFrom: now,
    validTo: shanghai(now + (t.validDays - 1) * DAY_MS)
      .endOf('day')
      .valueOf(),
    source,
    usedAt: null,
    usedReceiptId: null,
    usedStoreId: null,
  }
  member.coupons.push(coupon)
  return coupon
}

export function statusOf(c: CouponRecord, now: number): 'available' | 'used' | 'expired' {
  if (c.status === 'used') return 'used'
  return c.validTo < now ? 'expired' : 'available'
}

export function couponView(db: Db, c: CouponRecord, now: number): Coupon {
  const t = template(db, c.templateId)
  const n = names(db)
  return {
    id: c.id,
    title: couponTitle(t),
    kind: t.kind,
    status: statusOf(c, now),
    thresholdFen: t.thresholdFen,
    valueFen: t.valueFen,
    channel: t.channel,
    storesText: t.storeIds ? t.storeIds.map(n.store).join('、') : '全部门店',
    storeIds: t.storeIds ? [...t.storeIds] : null,
    dailyWindow: t.dailyWindow ? { ...t.dailyWindow } : null,
    validFrom: c.validFrom,
    validTo: c.validTo,
    source: c.source,
    rules: couponRules(terms(db, c), n),
    usedAt: c.usedAt,
    usedStoreName: c.usedStoreId ? n.store(c.usedStoreId) : null,
    image: couponPicture(c.templateId),
  }
}

/** Why a member's coupon does or does not apply to this basket at the till. */
function verdictFor(
  db: Db,
  member: MemberRecord,
  c: CouponRecord,
  storeId: string,
  amountFen: number,
  now: number,
): Verdict {
  if (c.status === 'used') {
    const n = names(db)
    return {
      ok: false,
      reason: `该券已于 ${shanghai(c.usedAt ?? now).format('M月D日 HH:mm')} 在${n.store(c.usedStoreId ?? '')}使用`,
    }
  }
  return couponVerdict(
    terms(db, c),
    { amountFen, storeId, channel: 'store', at: now, tierIndex: tierIndex(db.programme.tiers, member.tierId) },
    names(db),
  )
}

/** The member's coupons as the till sees them for a basket: the one the member picked first, then usable ones. */
export function tillCoupons(
  db: Db,
  member: MemberRecord,
  storeId: string,
  amountFen: number,
  now: number,
): TillCoupon[] {
  const selected = member.selectedCoupon && member.selectedCoupon.until > now ? member.selectedCoupon.id : null
  return member.coupons
    .filter((c) => statusOf(c, now) === 'available')
    .map((c) => {
      const v = verdictFor(db, member, c, storeId, amountFen, now)
      return {
        id: c.id,
        title: couponTitle(template(db, c.templateId)),
        usable: v.ok,
        reason: v.ok ? null : v.reason,
        discountFen: v.ok ? v.discountFen : 0,
        selected: c.id === selected,
      }
    })
    .sort((a, b) => Number(b.selected) - Number(a.selected) || Number(b.usable) - Number(a.usable))
}

/** Write off the coupons on a checkout; any that does not apply refuses the whole checkout with its reason. */
export function writeOff(
  db: Db,
  member: MemberRecord,
  couponIds: string[],
  storeId: string,
  amountFen: number,
  receiptId: string,
  now: number,
) {
  if (new Set(couponIds).size !== couponIds.length) throw new ApiFailure(400, 'coupon_repeated', '同一张券不能重复使用')
  if (couponIds.length > 1) throw new ApiFailure(409, 'coupon_limit', '每单限用 1 张券')
  let left = amountFen
  const used: { id: string; title: string; discountFen: number }[] = []
  for (const id of couponIds) {
    const c = member.coupons.find((x) => x.id === id)
    if (!c) throw new ApiFailure(404, 'coupon_unknown', '这张券不属于该会员，请让顾客重新选择')
    const v = verdictFor(db, member, c, storeId, left, now)
    if (!v.ok) throw new ApiFailure(409, c.status === 'used' ? 'coupon_used' : 'coupon_not_applicable', v.reason)
    c.status = 'used'
    c.usedAt = now
    c.usedReceiptId = receiptId
    c.usedStoreId = storeId
    left -= v.discountFen
    used.push({ id, title: couponTitle(template(db, c.templateId)), discountFen: v.discountFen })
  }
  if (member.selectedCoupon && couponIds.includes(member.selectedCoupon.id)) member.selectedCoupon = null
  return { used, discountFen: amountFen - left }
}

/** The coupons each demo persona holds (the welcome coupon, birthday and tier gifts, one about to lapse). */
export function seedPersonaCoupons(db: Db, member: MemberRecord, persona: string, now: number): void {
  const give: Record<string, [string, string][]> = {
    new: [['t-welcome', '入会礼']],
    silver: [
      ['t-welcome', '入会礼'],
      ['t-jingan-afternoon', '门店活动'],
      ['t-latte', '生日礼'],
    ],
    'gold-drop': [
      ['t-gold-85', '金卡礼遇'],
      ['t-5off', '积分兑换'],
    ],
    expiring: [['t-5off', '积分兑换']],
    black: [
      ['t-black-20', '黑金礼遇'],
      ['t-latte', '积分兑换'],
      ['t-gold-85', '金卡礼遇'],
    ],
  }
  for (const [templateId, source] of give[persona] ?? []) grant(db, member, templateId, now - DAY_MS, source)
  // The expiring persona's coupon lapses in two days (the coupon tab counts it down).
  if (persona === 'expiring')
    member.coupons[0].validTo = shanghai(now + 2 * DAY_MS)
      .endOf('day')
      .valueOf()
}

/**
 * A persona rebuilt as of today (the demo clock back to now) keeps what happened to its coupons at
 * the till: each used coupon takes the place of the fresh grant it was (same template and source),
 * and used coupons from later grants (redeemed, member day) stay too, each with its id, so no
 * coupon is used twice whatever the clock does, and a refund of its receipt still gives it back.
 */
export function keepUsedCoupons(rebuilt: MemberRecord, kept: MemberRecord): void {
  const used = kept.coupons.filter((c) => c.status === 'used')
  if (used.length === 0) return
  const coupons = rebuilt.coupons.map((fresh) => {
    const i = used.findIndex((u) => u.templateId === fresh.templateId && u.source === fresh.source)
    return i < 0 ? fresh : used.splice(i, 1)[0]
  })
  coupons.push(...used)
  // Ids stay unique: a fresh grant whose id a kept coupon already has gets a new one.
  rebuilt.seq = Math.max(rebuilt.seq, kept.seq)
  const keptIds = new Set(kept.coupons.filter((c) => c.status === 'used').map((c) => c.id))
  for (const c of coupons)
    if (c.status !== 'used' && keptIds.has(c.id)) c.id = `cp-${rebuilt.cardId.slice(-4)}-${++rebuilt.seq}`
  rebuilt.coupons = coupons
}

/** Give back the coupons of a refunded receipt. */
export function restore(member: MemberRecord, receiptId: string): void {
  for (const c of member.coupons) {
    if (c.usedReceiptId !== receiptId) continue
    c.status = 'available'
    c.usedAt = null
    c.usedReceiptId = null
    c.usedStoreId = null
  }
}

/** 去使用: the member picks a coupon for the till (for 10 minutes); null clears it. */
export function select(_db: Db, member: MemberRecord, couponId: string | null, now: number): string | null {
  if (couponId === null) {
    member.selectedCoupon = null
    return null
  }
  const c = member.coupons.find((x) => x.id === couponId)
  if (!c) throw new ApiFailure(404, 'coupon_unknown', '找不到这张券，请刷新后再试')
  if (statusOf(c, now) !== 'available')
    throw new ApiFailure(409, 'coupon_unavailable', statusOf(c, now) === 'used' ? '这张券已经用过了' : '这张券已过期')
  member.selectedCoupon = { id: couponId, until: now + 10 * 60 * 1000 }
  return couponId
}
