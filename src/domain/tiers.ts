/**
 * Tier rules: tiers are earned on spend OR visits over a rolling
 * window of months (the programme's); upgrades happen at once, downgrades one step at most at the
 * tier anniversary.
 * The rules themselves are data served by the backend; these functions only apply them.
 */
import { addMonths, addYears, shanghaiDayNumber } from './time'

export interface TierRule {
  id: string
  name: string
  /** Spend in fen over the rolling window that earns this tier. */
  spendFen: number
  /** Visits (checkouts on distinct days) over the rolling window that earn this tier. */
  visits: number
  /** Spend in fen needed by the anniversary to keep this tier. */
  keepSpendFen: number
  /** Visits needed by the anniversary to keep this tier. */
  keepVisits: number
  /** Points per yuan are multiplied by this (×100 integer: 150 means 1.5×). */
  multiplierPct: number
  /** Card face colour. */
  color: string
  benefits: string[]
}

export interface Visit {
  at: number
  amountFen: number
}

export interface RollingStats {
  spendFen: number
  visits: number
}

/** Spend and visits in the `windowMonths` before `now` (visits are distinct Shanghai days). */
export function rollingStats(history: readonly Visit[], now: number, windowMonths: number): RollingStats {
  return statsBetween(history, addMonths(now, -windowMonths), now)
}

/** Spend and visits with `from < at <= to`; visits count distinct Shanghai days. */
export function statsBetween(history: readonly Visit[], from: number, to: number): RollingStats {
  const now = to
  let spendFen = 0
  const days = new Set<number>()
  for (const v of history) {
    if (v.at <= from || v.at > now) continue
    spendFen += v.amountFen
    days.add(shanghaiDayNumber(v.at))
  }
  return { spendFen: Math.max(0, spendFen), visits: days.size }
}

export function qualifies(rule: TierRule, stats: RollingStats): boolean {
  return stats.spendFen >= rule.spendFen || stats.visits >= rule.visits
}

export function tierIndex(tiers: readonly TierRule[], tierId: string): number {
  const i = tiers.findIndex((t) => t.id === tierId)
  if (i < 0) throw new Error(`unknown tier ${tierId}`)
  return i
}

/** The tier a member holds after a checkout: never lower than the current one (downgrades wait for the anniversary). */
export function tierAfterCheckout(tiers: readonly TierRule[], currentId: string, stats: RollingStats): string {
  let best = tierIndex(tiers, currentId)
  tiers.forEach((t, i) => {
    if (i > best && qualifies(t, stats)) best = i
  })
  return tiers[best].id
}

export interface TierProgress {
  nextTierId: string
  nextTierName: string
  /** Fen still to spend to reach the next tier (0 when already there). */
  spendToGoFen: number
  visitsToGo: number
  /** 0..1, the better of the two paths. */
  ratio: number
}

/** How far the member is from the next tier; null at the top tier. */
export function progressToNext(
  tiers: readonly TierRule[],
  currentId: string,
  stats: RollingStats,
): TierProgress | null {
  const next = tiers[tierIndex(tiers, currentId) + 1]
  if (!next) return null
  const spendToGoFen = Math.max(0, next.spendFen - stats.spendFen)
  const visitsToGo = Math.max(0, next.visits - stats.visits)
  const ratio = Math.min(1, Math.max(stats.spendFen / next.spendFen, stats.visits / next.visits))
  return { nextTierId: next.id, nextTierName: next.name, spendToGoFen, visitsToGo, ratio }
}

export interface KeepForecast {
  anniversary: number
  /** True when the member already meets the keep threshold this tier year. */
  kept: boolean
  spendToGoFen: number
  visitsToGo: number
  /** The tier the member drops to if the threshold is missed. */
  dropToId: string
  dropToName: string
}

/**
 * The current tier year began at the last anniversary of `tierSince` that is not after `now`.
 * Each anniversary is counted from `tierSince` itself, so 29 Feb comes back in leap years.
 */
export function tierYearStart(tierSince: number, now: number): number {
  return tierYear(tierSince, now).start
}

/** The tier year around `now`: its start and the anniversary that ends it, both counted from `tierSince`. */
function tierYear(tierSince: number, now: number): { start: number; end: number } {
  let start = tierSince
  let n = 1
  for (let next = addYears(tierSince, 1); next <= now; n++, next = addYears(tierSince, n)) start = next
  return { start, end: addYears(tierSince, n) }
}

/**
 * What keeps the current tier at its next anniversary, counting spend and visits in the current
 * tier year (since the tier was reached or last kept). Null for the base tier, which cannot drop.
 */
export function keepForecast(
  tiers: readonly TierRule[],
  currentId: string,
  tierSince: number,
  history: readonly Visit[],
  now: number,
): KeepForecast | null {
  const i = tierIndex(tiers, currentId)
  if (i === 0) return null
  const rule = tiers[i]
  const { start, end } = tierYear(tierSince, now)
  const stats = statsBetween(history, start, now)
  const spendToGoFen = Math.max(0, rule.keepSpendFen - stats.spendFen)
  const visitsToGo = Math.max(0, rule.keepVisits - stats.visits)
  return {
    anniversary: end,
    kept: spendToGoFen === 0 || visitsToGo === 0,
    spendToGoFen,
    visitsToGo,
    dropToId: tiers[i - 1].id,
    dropToName: tiers[i - 1].name,
  }
}

/** Points earned for a spend: ¥1 = 1 point × tier multiplier, rounded down. */
export function pointsForSpend(amountFen: number, multiplierPct: number): number {
  return Math.floor((Math.floor(amountFen / 100) * multiplierPct) / 100)
}

export interface TierHolding {
  tierId: string
  tierSince: number
}

/**
 * Apply every tier anniversary up to `now`: at each one a member who missed the keep threshold
 * over that tier year drops exactly one tier (and the lower tier's year starts that day).
 * Returns the holding after the reviews and the drops that happened, oldest first.
 */
export function settleAnniversaries(
  tiers: readonly TierRule[],
  holding: TierHolding,
  history: readonly Visit[],
  now: number,
): { holding: TierHolding; drops: { at: number; fromId: string; toId: string }[] } {
  let { tierId, tierSince } = holding
  const drops: { at: number; fromId: string; toId: string }[] = []
  let yearStart = tierSince
  // Anniversaries are counted from the day the tier was reached (so 29 Feb returns in leap years).
  for (let n = 1, anniversary = addYears(tierSince, 1); anniversary <= now; n++, anniversary = addYears(tierSince, n)) {
    const i = tierIndex(tiers, tierId)
    if (i === 0) break
    const rule = tiers[i]
    const stats = statsBetween(history, yearStart, anniversary)
    yearStart = anniversary
    if (stats.spendFen < rule.keepSpendFen && stats.visits < rule.keepVisits) {
      drops.push({ at: anniversary, fromId: tierId, toId: tiers[i - 1].id })
      tierId = tiers[i - 1].id
      // The lower tier's years start now.
      tierSince = anniversary
      n = 0
    }
  }
  return { holding: { tierId, tierSince }, drops }
}
