/**
 * The card's attention line: the one most urgent thing for a member, chosen here from their state
 * and the programme's attention rules (order and thresholds), so the card only words what it is given.
 */
import type { Attention, AttentionRules } from '../../src/api/contract'
import { couponTitle } from '../../src/domain/coupons'
import { memberDayAt, memberDayPerkText } from '../../src/domain/member-day'
import { formatPoints } from '../../src/domain/money'
import { balanceOf, type PointsLot } from '../../src/domain/points'
import { DAY_MS, formatMonthDay, shanghai } from '../../src/domain/time'
import { statusOf, template } from './coupons'
import type { CouponRecord, Db, MemberRecord } from './db'
import { DEFAULT_ATTENTION } from './programme'
import { whatPointsBuy } from './rewards'
import { firstInOrder } from './served-order'

/** A programme stored before the attention line existed has no rules: it gets the default ones. */
export function attentionRules(db: Db): AttentionRules {
  return db.programme.attention ?? DEFAULT_ATTENTION
}

type Candidate = (db: Db, member: MemberRecord, now: number, rules: AttentionRules) => Attention | null

/** "今天是季度会员日 · 积分 ×3，会员专享券可领". */
const memberDayToday: Candidate = (db, _member, now) => {
  const day = memberDayAt(db.programme.memberDay, now)
  if (!day) return null
  return {
    kind: 'member-day',
    text: `今天是${memberDayPerkText(day)}，会员专享券可领`,
    action: { label: '去看看', target: 'member-day' },
  }
}

/** Points lots still to lapse within `days` of now (the card's line and the inbox's messages). */
export function lotsLapsingWithin(member: MemberRecord, now: number, days: number): PointsLot[] {
  const horizon = now + days * DAY_MS
  return member.lots.filter((l) => l.remaining > 0 && l.expiresAt > now && l.expiresAt <= horizon)
}

/**
 * "1,200 积分将于 12月12日 起陆续过期，够换 2 杯拿铁": lapsing lots told as what they buy. Redemption
 * spends the soonest-expiring points first, so when they buy nothing on their own but the balance
 * buys something, redeeming anything uses them up. The inbox words each expiry day with it too.
 */
export function pointsLapseLine(db: Db, member: MemberRecord, lots: readonly PointsLot[]): Omit<Attention, 'kind'> {
  const points = lots.reduce((sum, l) => sum + l.remaining, 0)
  const days = new Set(lots.map((l) => shanghai(l.expiresAt).format('YYYY-MM-DD')))
  const first = Math.min(...lots.map((l) => l.expiresAt))
  const when = days.size === 1 ? `将于 ${formatMonthDay(first)} 过期` : `将于 ${formatMonthDay(first)} 起陆续过期`
  const head = `${formatPoints(points)} 积分${when}`
  const buys = whatPointsBuy(db, member, points)
  if (buys) return { text: `${head}，够换 ${buys.text}`, action: { label: '去兑换', target: 'rewards' } }
  if (whatPointsBuy(db, member, balanceOf(member.ledger)))
    return { text: `${head}，兑换时会先用掉它们`, action: { label: '去兑换', target: 'rewards' } }
  return { text: head, action: { label: '查看', target: 'points' } }
}

const pointsExpiring: Candidate = (db, member, now, rules) => {
  const lots = lotsLapsingWithin(member, now, rules.pointsWithinDays)
  return lots.length === 0 ? null : { kind: 'points-expiring', ...pointsLapseLine(db, member, lots) }
}

/** "满30减5 券将于 12月2日 过期": one coupon about to lapse (the card's line and the inbox's message). */
export function couponLapseText(db: Db, coupon: CouponRecord): string {
  return `${couponTitle(template(db, coupon.templateId))} 券将于 ${formatMonthDay(coupon.validTo)} 过期`
}

/** "满30减5 券将于 12月2日 过期" for one coupon; "2 张券将于 3 天内过期，最早 12月2日" for several. */
const couponsExpiring: Candidate = (db, member, now, rules) => {
  const horizon = now + rules.couponsWithinDays * DAY_MS
  const lapsing = member.coupons
    .filter((c) => statusOf(c, now) === 'available' && c.validFrom <= now && c.validTo <= horizon)
    .sort((a, b) => a.validTo - b.validTo)
  if (lapsing.length === 0) return null
  const first = lapsing[0]
  const text =
    lapsing.length === 1
      ? couponLapseText(db, first)
      : `${lapsing.length} 张券将于 ${rules.couponsWithinDays} 天内过期，最早 ${formatMonthDay(first.validTo)}`
  return { kind: 'coupons-expiring', text, action: { label: '去使用', target: 'coupons' } }
}

const CANDIDATES: Record<string, Candidate> = {
  'member-day': memberDayToday,
  'points-expiring': pointsExpiring,
  'coupons-expiring': couponsExpiring,
}

/** The first kind in the programme's order that applies to this member now, or null. */
export function attentionFor(db: Db, member: MemberRecord, now: number): Attention | null {
  const rules = attentionRules(db)
  return firstInOrder(rules.order, CANDIDATES, db, member, now, rules)
}
