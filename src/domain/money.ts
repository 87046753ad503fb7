import { groupDigits } from './format'

/** Money is integer fen everywhere; this is the only place it becomes yuan text. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  const grouped = groupDigits(yuan)
  return `${sign}¥${grouped}${cents === 0 ? '' : `.${cents.toString().padStart(2, '0')}`}`
}

/** "12,800" */
export function formatPoints(points: number): string {
  return groupDigits(points)
}
