/** How a coupon reads to a shopper: value, threshold, where, when. Shared by the tab and the detail page. */
import type { Coupon } from '@/api/contract'
import { formatYuan } from '@/domain/money'
import { formatDay, formatTimeLeft } from '@/domain/format'
import { DAY_MS } from '@/domain/time'

export const STATUS_LABEL: Record<Coupon['status'], string> = {
  available: '可使用',
  used: '已使用',
  expired: '已过期',
}

export const CHANNEL_LABEL: Record<Coupon['channel'], string> = {
  store: '门店可用',
  online: '小程序可用',
  any: '门店与小程序',
}

/** "满 ¥50 可用" or "无门槛" */
export function thresholdText(c: Pick<Coupon, 'thresholdFen'>): string {
  return c.thresholdFen > 0 ? `满 ${formatYuan(c.thresholdFen)} 可用` : '无门槛'
}

const day = formatDay

/** "有效期至 12月27日", or when it starts later "12月1日 起可用，有效期至 12月27日". */
export function validityText(c: Pick<Coupon, 'validFrom' | 'validTo'>, now: number): string {
  const until = `有效期至 ${day(c.validTo, now)}`
  return c.validFrom > now ? `${day(c.validFrom, now)} 起可用，${until}` : until
}

/**
 * "还剩 2 天 5 小时" when an available coupon has less than `countdownDays` left (the programme's
 * `horizons.couponCountdownDays`); null otherwise, and while the rules are not known.
 */
export function lapseCountdown(
  c: Pick<Coupon, 'status' | 'validTo'>,
  now: number,
  countdownDays: number | null,
): string | null {
  const left = c.validTo - now
  if (countdownDays === null || c.status !== 'available' || left <= 0 || left >= countdownDays * DAY_MS) return null
  return `还剩 ${formatTimeLeft(left)}`
}

/** "已于 11月28日 在徐汇滨江店使用" / "已于 12月27日 过期"; null for an available coupon. */
export function outcomeText(
  c: Pick<Coupon, 'status' | 'usedAt' | 'usedStoreName' | 'validTo'>,
  now: number,
): string | null {
  if (c.status === 'used') {
    if (c.usedAt === null) return '已使用'
    return `已于 ${day(c.usedAt, now)} ${c.usedStoreName ? `在${c.usedStoreName}` : ''}使用`
  }
  if (c.status === 'expired') return `已于 ${day(c.validTo, now)} 过期`
  return null
}
