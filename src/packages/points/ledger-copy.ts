/** The points page's words: expiring points told as what they buy, ledger rows, filters, empty states. */
import type { LedgerType, PointsSummary } from '@/api/contract'
import { formatPoints } from '@/domain/money'
import { formatMonthDay, shanghai } from '@/domain/time'

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

/**
 * "1,200 积分将于 12月31日 过期，可兑换 2 杯拿铁". Points too few to buy anything alone are still spent
 * first by any redemption (soonest-expiring first), so while the whole balance buys something
 * (`balanceBuys`), that is what the member is told.
 */
export function expiryLine(group: PointsSummary['expiring'][number], balanceBuys: string | null = null): string {
  const head = `${formatPoints(group.points)} 积分将于 ${formatMonthDay(group.date)} 过期，`
  if (group.buys) return `${head}可兑换 ${group.buys}`
  return balanceBuys ? `${head}兑换时会优先使用这部分积分` : `${head}再攒一些即可兑换礼品`
}

/** "7,913 积分将在 90 天内陆续过期，最早 12月17日": the lapsing lots in one line (each in the details). */
export function expirySummary(groups: PointsSummary['expiring'], days: number | null): string {
  const total = groups.reduce((sum, g) => sum + g.points, 0)
  const within = days ? `将在 ${days} 天内陆续过期` : '将陆续过期'
  return `${formatPoints(total)} 积分${within}，最早 ${formatMonthDay(groups[0].date)}`
}

/** "2026年11月": a month heading in the history. */
export function monthHeading(at: number): string {
  return shanghai(at).format('YYYY年M月')
}

/** "+120" / "-600" */
export function signedPoints(points: number): string {
  if (points > 0) return `+${formatPoints(points)}`
  if (points < 0) return `-${formatPoints(-points)}`
  return '0'
}

export function emptyLedgerCopy(type: LedgerType | null): string {
  return type ? '没有这类记录' : '还没有积分记录'
}
