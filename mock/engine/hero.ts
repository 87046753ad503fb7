/**
 * The card's hero slot: the one item for this member now, chosen by the programme's hero rules
 * (order and thresholds) over their last visit, RFM segment, joining date, tier forecast, the member
 * day, their city and the time of day, with the rule named in words (why). Also the win-back claim
 * (once per member and offer) and the badge ceremony flag.
 */
import type { Celebrate, Coupon, Hero, HeroRules } from '../../src/api/contract'
import { formatYuan } from '../../src/domain/money'
import { formatMultiplier, memberDayAt, memberDayPerkText } from '../../src/domain/member-day'
import { openState } from '../../src/domain/places'
import { DEFAULT_RFM_CUTS, rfmInput, segmentOf, type RfmInput, type SegmentId } from '../../src/domain/rfm'
import { DAY_MS, formatMonthDay, shanghai } from '../../src/domain/time'
import { progressToNext, rollingStats, tierIndex } from '../../src/domain/tiers'
import { couponView, grant, statusOf, template } from './coupons'
import type { Db, MemberRecord } from './db'
import { ApiFailure } from './failure'
import { firstInOrder } from './served-order'
import { OFFICER_BADGE, officerOf } from './officers'
import { DEFAULT_HERO } from './programme'

/** A programme stored before the hero slot has no rules: it gets the default ones. */
export function heroRules(db: Db): HeroRules {
  return db.programme.hero ?? DEFAULT_HERO
}

const visitsOf = (member: MemberRecord) => member.checkouts.filter((c) => !c.refundedAt)

/** Whole days since the member's last visit, or null before the first. */
export function daysSinceVisit(member: MemberRecord, now: number): number | null {
  const last = Math.max(...visitsOf(member).map((c) => c.at))
  return Number.isFinite(last) ? Math.floor((now - last) / DAY_MS) : null
}

/** A state member's RFM measures (refunded checkouts do not count); the console segments by the same. */
export function memberRfmInput(member: MemberRecord, now: number): RfmInput {
  return rfmInput(visitsOf(member), member.joinedAt, now)
}

/** The member's RFM segment as of now, by the default cut points (the console's population is not at hand here). */
export function memberSegment(member: MemberRecord, now: number): SegmentId {
  return segmentOf(memberRfmInput(member, now), DEFAULT_RFM_CUTS).segment
}

type Rule = (db: Db, member: MemberRecord, now: number, rules: HeroRules) => Hero | null

/** 「好久不见，送你一杯拿铁」: for a member away `lapsedDays` or more, or in a win-back segment; claim once, then 去使用. */
const winBack: Rule = (db, member, now, rules) => {
  const days = daysSinceVisit(member, now)
  if (days === null) return null
  const lapsed = days >= rules.lapsedDays
  if (!lapsed && !rules.winBackSegments.includes(memberSegment(member, now))) return null
  const offer = rules.winBack
  const claim = member.heroClaims?.find((c) => c.offerId === offer.offerId)
  const why = lapsed ? `因为你已 ${days} 天没有到店` : `因为你以前常来，最近 ${days} 天没有到店`
  if (!claim) {
    const t = template(db, offer.templateId)
    return {
      kind: 'win-back',
      title: offer.title,
      body: `领一张券，${t.validDays} 天内到店可用`,
      why,
      tasks: [],
      action: { label: '立即领取', target: 'claim', id: offer.offerId },
    }
  }
  const coupon = member.coupons.find((c) => c.id === claim.couponId)
  // Used (or lapsed): the offer is done; the next rule speaks.
  if (!coupon || statusOf(coupon, now) !== 'available') return null
  return {
    kind: 'win-back',
    title: '券已放进你的优惠券',
    body: `${formatMonthDay(coupon.validTo)} 前到店出示会员码即可使用`,
    why,
    tasks: [],
    action: { label: '去使用', target: 'coupons', id: null },
  }
}

/** 首单任务: a member who joined within `newMemberDays`, until every task is done. */
const firstPurchase: Rule = (_db, member, now, rules) => {
  const days = Math.floor((now - member.joinedAt) / DAY_MS)
  if (days >= rules.newMemberDays || rules.firstTasks.length === 0) return null
  const done = (id: string): boolean =>
    id === 'first-visit'
      ? visitsOf(member).length > 0
      : id === 'use-coupon'
        ? member.coupons.some((c) => c.status === 'used')
        : false
  const tasks = rules.firstTasks.map((t) => ({ text: t.text, reward: t.reward, done: done(t.id) }))
  if (tasks.every((t) => t.done)) return null
  const left = tasks.filter((t) => !t.done).length
  return {
    kind: 'first-purchase',
    title: '首单任务',
    body: left === tasks.length ? `完成 ${tasks.length} 个小任务，开启你的会员之旅` : `还差 ${left} 个任务`,
    why: days === 0 ? '因为你今天刚入会' : `因为你 ${days} 天前刚入会`,
    tasks,
    action: { label: '出示会员码', target: 'code', id: null },
  }
}

/** 「再消费 ¥320 或到店 2 次即可升金卡」: the tier forecast, when either path is within the rule's reach. */
const tierNear: Rule = (db, member, now, rules) => {
  const tiers = db.programme.tiers
  const stats = rollingStats(visitsOf(member), now, db.programme.horizons.rollingMonths)
  const p = progressToNext(tiers, member.tierId, stats)
  if (!p) return null
  const closeByVisits = p.visitsToGo <= rules.nearVisits
  if (!closeByVisits && p.spendToGoFen > rules.nearSpendFen) return null
  const next = tiers[tierIndex(tiers, p.nextTierId)]
  return {
    kind: 'tier-near',
    title: `再消费 ${formatYuan(p.spendToGoFen)} 或到店 ${p.visitsToGo} 次即可升${p.nextTierName}`,
    body: `${p.nextTierName}享 ${next.benefits.slice(0, 2).join('、')}`,
    why: closeByVisits
      ? `因为你离${p.nextTierName}只差 ${p.visitsToGo} 次到店`
      : `因为你离${p.nextTierName}只差 ${formatYuan(p.spendToGoFen)}`,
    tasks: [],
    action: { label: `看看${p.nextTierName}权益`, target: 'tier', id: null },
  }
}

/** The member day's eve (from `eveFromHour`) and its morning (until `dayUntilHour`). */
const memberDay: Rule = (db, _member, now, rules) => {
  const hour = shanghai(now).hour()
  const today = memberDayAt(db.programme.memberDay, now)
  if (today && hour < rules.dayUntilHour)
    return {
      kind: 'member-day',
      title: `${today.title}早安`,
      body: `今天到店积分 ${formatMultiplier(today.multiplierPct)}，专享券已可领`,
      why: `因为今天是${today.title}`,
      tasks: [],
      action: { label: '去领券', target: 'member-day', id: null },
    }
  const tomorrow = memberDayAt(db.programme.memberDay, now + DAY_MS)
  if (tomorrow && !today && hour >= rules.eveFromHour)
    return {
      kind: 'member-day',
      title: `明天是${memberDayPerkText(tomorrow)}`,
      body: '专享券明天 0 点开领，先看看有哪些',
      why: `因为明天是${tomorrow.title}`,
      tasks: [],
      action: { label: '先看看', target: 'member-day', id: null },
    }
  return null
}

/** A store in the member's city that they have not been to yet. */
const nearbyStore: Rule = (db, member, now) => {
  if (!member.city) return null
  const been = new Set(visitsOf(member).map((c) => c.storeId))
  const store = db.stores.find((s) => s.city === member.city && !been.has(s.id))
  if (!store) return null
  return {
    kind: 'nearby-store',
    title: `${member.city}的${store.name}，等你来坐坐`,
    body: `${store.address} · ${openState(store.hours, now).text}`,
    why: `因为你在${member.city}，还没去过${store.name}`,
    tasks: [],
    action: { label: '查看门店', target: 'store', id: store.id },
  }
}

/** The default: a word for the time of day (none outside the served slots). */
const timeOfDay: Rule = (_db, _member, now, rules) => {
  const hour = shanghai(now).hour()
  const slot = rules.timeOfDay.find((s) => hour >= s.fromHour && hour < s.toHour)
  if (!slot) return null
  return {
    kind: 'time-of-day',
    title: slot.title,
    body: slot.body,
    why: slot.why,
    tasks: [],
    action: { label: '附近门店', target: 'stores', id: null },
  }
}

const RULES: Record<string, Rule> = {
  'win-back': winBack,
  'first-purchase': firstPurchase,
  'tier-near': tierNear,
  'member-day': memberDay,
  'nearby-store': nearbyStore,
  'time-of-day': timeOfDay,
}

/** The first kind in the programme's order that applies to this member now, or null. */
export function heroFor(db: Db, member: MemberRecord, now: number): Hero | null {
  const rules = heroRules(db)
  return firstInOrder(rules.order, RULES, db, member, now, rules)
}

/** Claim the win-back offer: the served one, by a member the win-back rule applies to, once (a second claim is told where it is). */
export function claim(db: Db, member: MemberRecord, offerId: string, now: number): Coupon {
  const rules = heroRules(db)
  if (offerId !== rules.winBack.offerId)
    throw new ApiFailure(404, 'hero_offer_unknown', '这份礼遇已结束，请刷新后再看看')
  if (member.heroClaims?.some((c) => c.offerId === offerId))
    throw new ApiFailure(409, 'hero_offer_claimed', '你已经领过这张券了，在「优惠券」里可以找到')
  const shown = winBack(db, member, now, rules)
  if (!shown) throw new ApiFailure(403, 'hero_offer_not_for_you', '这份礼遇只送给一段时间没来的会员')
  const coupon = grant(db, member, rules.winBack.templateId, now, '好久不见礼')
  member.heroClaims = [...(member.heroClaims ?? []), { offerId, couponId: coupon.id, at: now }]
  return couponView(db, coupon, now)
}

/** When the member first held the 体验官 badge: the first selection among their trials, or null. */
function officerSince(db: Db, memberId: string): number | null {
  const times = db.trials
    .filter((t) => t.applications.some((a) => a.memberId === memberId && a.status === 'selected'))
    .map((t) => t.selectedAt ?? Infinity)
  const first = Math.min(...times)
  return Number.isFinite(first) ? first : null
}

/**
 * The badge to celebrate: earned within the programme's notice span and not celebrated yet. A badge
 * held longer than that (a persona's from its history) is not news any more.
 */
export function celebrateFor(db: Db, member: MemberRecord, now: number): Celebrate | null {
  if (!officerOf(db, member.id).badge || member.celebrated?.includes(OFFICER_BADGE)) return null
  const since = officerSince(db, member.id)
  if (since === null || now - since > db.programme.horizons.noticeDays * DAY_MS) return null
  return { badge: OFFICER_BADGE, title: `你成为了${OFFICER_BADGE}`, subtitle: '新品上市前先尝，你的反馈会写进新品里' }
}

/** The app has shown the ceremony for this badge. */
export function markCelebrated(member: MemberRecord, badge: string): void {
  if (badge !== OFFICER_BADGE) throw new ApiFailure(404, 'badge_unknown', '没有这枚徽章')
  if (!member.celebrated?.includes(badge)) member.celebrated = [...(member.celebrated ?? []), badge]
}
