/**
 * Member days: the perks (member-only products at member prices, coupons to claim with a limit per
 * member per day), claims, the reminder subscription, and the demo clock that reaches a member day.
 * The calendar is the programme's rule, read through src/domain/member-day.
 */
import type { Coupon, DemoClockTarget, MemberDayOffer, MemberDayProduct, MyMemberDay } from '../../src/api/contract'
import { couponRules, couponTitle } from '../../src/domain/coupons'
import {
  currentOrNextMemberDay,
  memberDayAt,
  upcomingMemberDays,
  type MemberDay,
  type MemberDayKind,
} from '../../src/domain/member-day'
import { formatMonthDay } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import { couponView, grant, names, template, templateTerms } from './coupons'
import { pictureFor } from './pictures'
import type { Db, MemberDayOfferRecord, MemberDayProductRecord, MemberRecord } from './db'
import { ApiFailure } from './failure'
import { memberDayRemindAt, REMINDER_TEMPLATE_ID } from './inbox-rules'
import { everyEntry } from './records'

/** The subscribe-message template the reminder is sent with (a real backend's comes from the WeChat console). */
export { REMINDER_TEMPLATE_ID }

export const DEFAULT_MEMBER_DAY_PRODUCTS: MemberDayProductRecord[] = [
  {
    id: 'p-latte',
    name: '招牌拿铁',
    description: '店内现做，会员日专享价',
    priceFen: 3_200,
    memberPriceFen: 1_900,
    kinds: ['monthly', 'quarterly'],
  },
  {
    id: 'p-cold-brew',
    name: '冷萃咖啡',
    description: '12 小时低温慢萃',
    priceFen: 3_500,
    memberPriceFen: 2_200,
    kinds: ['monthly'],
  },
  {
    id: 'p-basque',
    name: '巴斯克芝士蛋糕',
    description: '季度会员日限定',
    priceFen: 3_800,
    memberPriceFen: 2_500,
    kinds: ['quarterly'],
  },
  {
    id: 'p-beans',
    name: '云南保山咖啡豆 250g',
    description: '季度会员日限定，当季新豆',
    priceFen: 9_800,
    memberPriceFen: 6_800,
    kinds: ['quarterly'],
  },
  {
    id: 'p-tumbler',
    name: '栖木随行杯',
    description: '自带杯每杯再减 ¥2',
    priceFen: 12_900,
    memberPriceFen: 8_900,
    kinds: ['quarterly'],
  },
]

export const DEFAULT_MEMBER_DAY_OFFERS: MemberDayOfferRecord[] = [
  { id: 'o-40-8', templateId: 't-md-40-8', limitPerMember: 2, kinds: ['monthly', 'quarterly'], minTierId: null },
  { id: 'o-75', templateId: 't-md-75', limitPerMember: 1, kinds: ['monthly'], minTierId: null },
  { id: 'o-100-30', templateId: 't-md-100-30', limitPerMember: 1, kinds: ['quarterly'], minTierId: null },
  { id: 'o-gold-80-25', templateId: 't-md-gold-80-25', limitPerMember: 1, kinds: ['quarterly'], minTierId: 'gold' },
]

export function products(db: Db): MemberDayProduct[] {
  return db.memberDayProducts.map((p) => ({ ...p, kinds: [...p.kinds], image: p.image ?? pictureFor(p.id) }))
}

export function offerView(db: Db, o: MemberDayOfferRecord): MemberDayOffer {
  const t = template(db, o.templateId)
  const minTierName = o.minTierId ? db.programme.tiers[tierIndex(db.programme.tiers, o.minTierId)].name : null
  const rules = couponRules(templateTerms(db, t, 0, 0), names(db), `领取后 ${t.validDays} 天内有效`)
  return {
    id: o.id,
    title: couponTitle(t),
    rules,
    limitPerMember: o.limitPerMember,
    kinds: [...o.kinds],
    minTierId: o.minTierId,
    minTierName,
    validDays: t.validDays,
  }
}

export function offers(db: Db): MemberDayOffer[] {
  return db.memberDayOffers.map((o) => offerView(db, o))
}

/** How many of an offer's coupons the member claimed on a member day. */
function claimedOn(member: MemberRecord, offerId: string, date: string): number {
  return member.memberDayClaims.filter((c) => c.date === date && c.offerId === offerId).length
}

function reminderView(db: Db, member: MemberRecord, day: MemberDay): MyMemberDay['reminder'] {
  return member.memberDayReminder?.date === day.date ? { date: day.date, remindAt: memberDayRemindAt(db, day) } : null
}

/** Why this member may not claim the offer on `day` (tier, limit), or null. */
function refusalOn(db: Db, member: MemberRecord, offer: MemberDayOfferRecord, day: MemberDay): ApiFailure | null {
  const tiers = db.programme.tiers
  if (offer.minTierId && tierIndex(tiers, member.tierId) < tierIndex(tiers, offer.minTierId)) {
    const need = tiers[tierIndex(tiers, offer.minTierId)].name
    return new ApiFailure(
      403,
      'tier_too_low',
      `${need}及以上会员才能领取，你目前是${tiers[tierIndex(tiers, member.tierId)].name}`,
    )
  }
  if (claimedOn(member, offer.id, day.date) >= offer.limitPerMember) {
    return new ApiFailure(
      409,
      'claim_limit',
      `每位会员每个会员日限领 ${offer.limitPerMember} 张，你已经领满了，下个会员日再来`,
    )
  }
  return null
}

/** What this member has claimed on today's or the next member day, what they may not claim and why, and the reminder. */
export function mine(db: Db, member: MemberRecord, now: number): MyMemberDay {
  const day = currentOrNextMemberDay(db.programme.memberDay, now)
  const claims = db.memberDayOffers.map((o) => ({
    offerId: o.id,
    count: claimedOn(member, o.id, day.date),
    refusal: refusalOn(db, member, o, day)?.userMessage ?? null,
  }))
  return { date: day.date, claims, reminder: reminderView(db, member, day) }
}

const kindTitle = (db: Db, kind: MemberDayKind) => db.programme.memberDay[kind].title

/** Claim an offer's coupon: on a member day it is offered on, by a member of the tier, within the limit. */
export function claim(
  db: Db,
  member: MemberRecord,
  offerId: string,
  now: number,
): { coupon: Coupon; claimed: number; limit: number } {
  const offer = db.memberDayOffers.find((o) => o.id === offerId)
  if (!offer) throw new ApiFailure(404, 'offer_unknown', '找不到这项会员日福利，请刷新后再试')
  const rules = db.programme.memberDay
  const day = memberDayAt(rules, now)
  if (!day) {
    const next = currentOrNextMemberDay(rules, now)
    throw new ApiFailure(409, 'not_member_day', `会员日当天才能领取，下一个会员日是 ${formatMonthDay(next.startsAt)}`)
  }
  if (!offer.kinds.includes(day.kind)) {
    const next = upcomingMemberDays(rules, now, 12).find((d) => offer.kinds.includes(d.kind) && d.date !== day.date)
    throw new ApiFailure(
      409,
      'offer_not_today',
      `这张券只在${kindTitle(db, offer.kinds[0])}发放${next ? `，${formatMonthDay(next.startsAt)}再来领` : ''}`,
    )
  }
  const refusal = refusalOn(db, member, offer, day)
  if (refusal) throw refusal
  const already = claimedOn(member, offer.id, day.date)
  const coupon = grant(db, member, offer.templateId, now, day.title)
  // A year of claims is plenty to count limits by day.
  member.memberDayClaims = [
    ...member.memberDayClaims,
    { date: day.date, offerId: offer.id, couponId: coupon.id, at: now },
  ].slice(-100)
  return { coupon: couponView(db, coupon, now), claimed: already + 1, limit: offer.limitPerMember }
}

/** Remind the member of today's or the next member day (WeChat's one-time subscription covers one message: one day). */
export function setReminder(
  db: Db,
  member: MemberRecord,
  on: boolean,
  now: number,
): { reminder: MyMemberDay['reminder'] } {
  const day = currentOrNextMemberDay(db.programme.memberDay, now)
  member.memberDayReminder = on ? { date: day.date, at: now } : null
  return { reminder: reminderView(db, member, day) }
}

/** Demo: the clock offset that puts the backend at 10:00 on the next member day of a kind (0 if that day is today). */
export function clockOffsetFor(db: Db, to: DemoClockTarget, realNow: number): number {
  if (to === 'now') return 0
  const kind: MemberDayKind = to === 'quarterly-day' ? 'quarterly' : 'monthly'
  const day = upcomingMemberDays(db.programme.memberDay, realNow, 13).find((d) => d.kind === kind)
  if (!day || day.startsAt <= realNow) return 0
  return day.startsAt + 10 * 60 * 60 * 1000 - realNow
}

/**
 * The clock moved by `deltaMs`. Bookkeeping that measures real elapsed time moves with it, so a jump
 * neither signs anyone out, nor lifts a lock, nor forgets a replayable request: sessions, pending
 * and stored idempotent answers, failure counts and locks. Used code steps are kept as they are: a
 * code is accepted once whatever the clock does (the till refuses a used step by itself, and a step
 * used ahead of a jump back does not refuse the fresh codes before it).
 */
export function afterClockJump(db: Db, deltaMs: number): void {
  if (deltaMs === 0) return
  for (const [, s] of everyEntry(db.sessions)) s.expiresAt += deltaMs
  for (const [, r] of everyEntry(db.idempotency)) r.at += deltaMs
  for (const [, m] of everyEntry(db.members)) {
    m.codeFailures = m.codeFailures.map((t) => t + deltaMs)
    if (m.codeLockedUntil > 0) m.codeLockedUntil += deltaMs
    m.tillCodeFailures = (m.tillCodeFailures ?? []).map((f) => ({ ...f, at: f.at + deltaMs }))
    m.tillCodeLocks = (m.tillCodeLocks ?? []).map((l) => ({ ...l, until: l.until + deltaMs }))
  }
  for (const t of db.tills) {
    t.failures = t.failures.map((x) => x + deltaMs)
    if (t.lockedUntil > 0) t.lockedUntil += deltaMs
  }
}
