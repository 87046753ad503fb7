/** Figures as the console words them. */
import { groupDigits } from '@/domain/format'
import { formatYuan } from '@/domain/money'

/** 42.5 → '42.5%', 0.625 → '0.63%': two decimals at most, none when whole. */
export function pct(value: number): string {
  return `${Number(value.toFixed(value < 10 ? 2 : 1))}%`
}

/** Large sums in 万 (¥12.3万), small ones exact. */
export function yuanShort(fen: number): string {
  const yuan = fen / 100
  if (Math.abs(yuan) >= 100_000) return `¥${groupDigits(Math.round(yuan / 10_000))}万`
  if (Math.abs(yuan) >= 10_000) return `¥${Number((yuan / 10_000).toFixed(1))}万`
  return formatYuan(fen)
}

/** '2026-03' → '3月'. */
export function monthLabel(month: string): string {
  return `${Number(month.slice(5, 7))}月`
}

export const count = (n: number): string => groupDigits(n)
