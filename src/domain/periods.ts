/**
 * Claim periods of tier perks (a month, a quarter, a year on the Shanghai calendar): which period a
 * moment falls in, when the next one starts, and how it is said ("本月", "本季度", "今年").
 */
import { formatMonthDay, fromShanghaiWall, shanghaiWall } from './time'

export const PERIODS = ['month', 'quarter', 'year'] as const
export type Period = (typeof PERIODS)[number]

const LABELS: Record<Period, string> = { month: '本月', quarter: '本季度', year: '今年' }

/** "本月", "本季度", "今年". */
export const periodLabel = (period: Period): string => LABELS[period]

/** The period's key for a moment: "2026-11", "2026-Q4", "2026"; equal for two moments in the same period. */
export function periodKey(period: Period, at: number): string {
  const wall = shanghaiWall(at)
  const year = wall.getUTCFullYear()
  const month = wall.getUTCMonth()
  if (period === 'year') return String(year)
  if (period === 'quarter') return `${year}-Q${Math.floor(month / 3) + 1}`
  return `${year}-${String(month + 1).padStart(2, '0')}`
}

/** Midnight (Shanghai) when the period after the one `at` falls in begins. */
export function nextPeriodStart(period: Period, at: number): number {
  const wall = shanghaiWall(at)
  const year = wall.getUTCFullYear()
  const month = wall.getUTCMonth()
  if (period === 'year') return fromShanghaiWall(year + 1, 0, 1)
  if (period === 'quarter') return fromShanghaiWall(year, Math.floor(month / 3) * 3 + 3, 1)
  return fromShanghaiWall(year, month + 1, 1)
}

/** The next period's first day: "1月1日" (a month or a quarter on), "2027年1月1日" (a year on). */
export function nextPeriodText(period: Period, at: number): string {
  const next = nextPeriodStart(period, at)
  return period === 'year' ? `${shanghaiWall(next).getUTCFullYear()}年${formatMonthDay(next)}` : formatMonthDay(next)
}
