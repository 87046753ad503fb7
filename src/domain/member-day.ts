/**
 * The member-day calendar: every month on a fixed day,
 * and in some months the bigger quarterly one. The rules are served by the backend; the engine
 * uses these functions for the checkout multiplier and the claim window, the app for the countdown.
 */
import { formatCountdown } from './format'
import { DAY_MS, fromShanghaiWall, shanghaiWall } from './time'

export interface MemberDayPerks {
  /** "会员日", "季度会员日" */
  title: string
  /** Multiplies the tier's earn rate on the day: 200 = double points. */
  multiplierPct: number
}

export interface MemberDayRules {
  /** Day of the month, 1–28 so that every month has one. */
  dayOfMonth: number
  /** Months (1–12) whose member day is the bigger quarterly one. */
  quarterlyMonths: number[]
  monthly: MemberDayPerks
  quarterly: MemberDayPerks
}

export type MemberDayKind = 'monthly' | 'quarterly'

export interface MemberDay extends MemberDayPerks {
  kind: MemberDayKind
  /** Shanghai date, "2026-12-18". */
  date: string
  /** Shanghai midnight that starts it, and the one that ends it (ms). */
  startsAt: number
  endsAt: number
}

/** The member day in a Shanghai month (month 0–11, as Date.UTC counts). */
function dayIn(rules: MemberDayRules, year: number, month: number): MemberDay {
  const start = fromShanghaiWall(year, month, rules.dayOfMonth)
  const wall = shanghaiWall(start)
  const kind: MemberDayKind = rules.quarterlyMonths.includes(wall.getUTCMonth() + 1) ? 'quarterly' : 'monthly'
  const y = wall.getUTCFullYear()
  const m = String(wall.getUTCMonth() + 1).padStart(2, '0')
  const d = String(wall.getUTCDate()).padStart(2, '0')
  return { kind, ...rules[kind], date: `${y}-${m}-${d}`, startsAt: start, endsAt: start + DAY_MS }
}

/** The member day `time` falls on, or null on an ordinary day. */
export function memberDayAt(rules: MemberDayRules, time: number): MemberDay | null {
  const wall = shanghaiWall(time)
  if (wall.getUTCDate() !== rules.dayOfMonth) return null
  return dayIn(rules, wall.getUTCFullYear(), wall.getUTCMonth())
}

/** Today's member day if it is one, else the next; then `count - 1` more after it. */
export function upcomingMemberDays(rules: MemberDayRules, time: number, count: number): MemberDay[] {
  const wall = shanghaiWall(time)
  const days: MemberDay[] = []
  for (let i = 0; days.length < count; i++) {
    const day = dayIn(rules, wall.getUTCFullYear(), wall.getUTCMonth() + i)
    if (day.endsAt > time) days.push(day)
  }
  return days
}

/** Today's member day or the next one. */
export function currentOrNextMemberDay(rules: MemberDayRules, time: number): MemberDay {
  return upcomingMemberDays(rules, time, 1)[0]
}

/** "19 天 3 小时" until a moment, "03:12:45" on its last day, "00:00:00" once passed (see format.ts). */
export function countdownText(ms: number): string {
  return formatCountdown(ms)
}

/** Earn multiplier for a checkout: the tier's times the member day's (percent, 150 × 200 → 300). */
export function combinedMultiplierPct(tierPct: number, day: MemberDayPerks | null): number {
  return day ? Math.round((tierPct * day.multiplierPct) / 100) : tierPct
}

/** "2", "2.4", "1.25": an earn multiplier in percent as a plain number (every multiplier's text starts here). */
function multiplierNumber(pct: number): string {
  return String(Number((pct / 100).toFixed(2)))
}

/** "×2", "×2.4": an earn multiplier in percent, as a shopper reads it. */
export function formatMultiplier(pct: number): string {
  return `×${multiplierNumber(pct)}`
}

/** "2.4 倍": the same multiplier in words (a receipt's combined rate). */
export function formatTimes(pct: number): string {
  return `${multiplierNumber(pct)} 倍`
}

/** "积分 1.2 倍": a tier's earn rate, as its benefits and the tier page say it. */
export function earnRateText(pct: number): string {
  return `积分 ${formatTimes(pct)}`
}

/** "会员日 · 积分 ×2": the member day a checkout fell on, for the receipt and the phone's result. */
export function memberDayPerkText(day: MemberDayPerks): string {
  return `${day.title} · 积分 ${formatMultiplier(day.multiplierPct)}`
}
