/**
 * Points lots: every earn is a lot with its own expiry; redemption
 * and expiry consume the soonest-expiring lots first; the balance is the sum of the ledger and
 * never goes negative. Functions here return new values and never mutate their inputs.
 */
import { addYears, endOfShanghaiDay } from './time'

export interface PointsLot {
  id: string
  earnedAt: number
  expiresAt: number
  points: number
  remaining: number
}

export type LedgerType = 'earn' | 'redeem' | 'expire' | 'refund' | 'adjust'

export interface LedgerEntry {
  id: string
  at: number
  type: LedgerType
  /** Signed: positive adds to the balance. */
  points: number
  /** What the member sees, e.g. "门店消费 ¥128". */
  note: string
}

/**
 * Points earned at `earnedAt` expire at the end of the same Shanghai day one year later. Plain
 * arithmetic, no date library: it runs for every lot a persona or the console's population is built with.
 */
export function lotExpiry(earnedAt: number): number {
  return endOfShanghaiDay(addYears(earnedAt, 1))
}

export function balanceOf(ledger: readonly LedgerEntry[]): number {
  return ledger.reduce((sum, e) => sum + e.points, 0)
}

/** Take `points` from the soonest-expiring live lots; null when there are not enough. */
export function consumeLots(lots: readonly PointsLot[], points: number, now: number): PointsLot[] | null {
  const live = lots.filter((l) => l.remaining > 0 && l.expiresAt > now).sort((a, b) => a.expiresAt - b.expiresAt)
  const available = live.reduce((s, l) => s + l.remaining, 0)
  if (points < 0 || available < points) return null
  let left = points
  const taken = new Map<string, number>()
  for (const lot of live) {
    if (left === 0) break
    const take = Math.min(lot.remaining, left)
    taken.set(lot.id, take)
    left -= take
  }
  return lots.map((l) => (taken.has(l.id) ? { ...l, remaining: l.remaining - (taken.get(l.id) ?? 0) } : l))
}

/** Lots whose expiry has passed by `now` and still hold points. */
export function dueForExpiry(lots: readonly PointsLot[], now: number): PointsLot[] {
  return lots.filter((l) => l.remaining > 0 && l.expiresAt <= now)
}

/**
 * Take back `points` earned in lot `lotId` (a refund): from that lot first, then the soonest-expiring
 * live lots, never more than `balance` (the balance never goes negative). What could not be taken
 * back (spent already) is `points - reversed`: the caller records it as a shortfall.
 */
export function takeBack(
  lots: readonly PointsLot[],
  lotId: string | null,
  points: number,
  balance: number,
  now: number,
): { lots: PointsLot[]; reversed: number } {
  const from = lots.find((l) => l.id === lotId)
  const fromOwn = from ? Math.min(from.remaining, points) : 0
  const after = lots.map((l) => (l === from ? { ...l, remaining: l.remaining - fromOwn } : l))
  const rest = Math.min(points - fromOwn, balance - fromOwn)
  const consumed = rest > 0 ? consumeLots(after, rest, now) : after
  return { lots: consumed ?? after, reversed: fromOwn + (consumed ? Math.max(0, rest) : 0) }
}
