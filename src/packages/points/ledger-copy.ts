/** The points page's words: expiring points told as what they buy, ledger rows, filters, empty states. */
import type { LedgerType, PointsSummary } from '@/api/contract'
import { formatPoints } from '@/domain/money'
import { formatDayTime } from '@/domain/format'
import { formatMonthDay } from '@/domain/time'

export const LEDGER_FILTERS: readonly { type: LedgerType | null; label: string }[] = [
  { type: null, label: '全部' },
  { type: 'earn', label: '获得' },
  { type: 'redeem', label: '使用' },
  { type: 'expire', label: '过期' },
  { type: 'refund', label: '退款' },
  { type: 'adjust', label: '调整' },
]

/** "近 90 天内没有即将过期的积分", the span the programme's; without the rules yet, no span is named. */
export function nothingExpiring(days: number | null): string {
  return days ? `近 ${days} 天内没有即将过期的积分` : '暂无即将过期的积分'
}

/** "1,200 积分将于 12月31日 过期，可兑换 2 杯拿铁" */
export function expiryLine(group: PointsSummary['expiring'][number]): string {
  const head = `${formatPoints(group.points)} 积分将于 ${formatMonthDay(group.date)} 过期，`
  return group.buys ? `${head}可兑换 ${group.buys}` : `${head}再攒一些即可兑换礼品`
}

/** "+120" / "-600" */
export function signedPoints(points: number): string {
  if (points > 0) return `+${formatPoints(points)}`
  if (points < 0) return `-${formatPoints(-points)}`
  return '0'
}

/** "11月28日 18:32" on a Shanghai clock, with the year when it is not `now`'s. */
export function ledgerTime(at: number, now: number): string {
  return formatDayTime(at, now)
}

export function emptyLedgerCopy(type: LedgerType | null): string {
  return type ? '没有这类记录' : '还没有积分记录'
}
