/**
 * Coupons: what a coupon is worth on a basket, and when it does not
 * apply, why — in words a shopper understands (store, time, threshold, tier, channel).
 */
import { formatYuan } from './money'
import { formatDay } from './format'
import { formatMonthDay, shanghai } from './time'

export interface CouponTerms {
  /** amount: `valueFen` off; discount: pay `discountPct`% (85 = 8.5折) up to `valueFen` off; item: one item worth up to `valueFen`. */
  kind: 'amount' | 'discount' | 'item'
  valueFen: number
  discountPct: number
  /** The item for `item` coupons, e.g. 拿铁. */
  itemName: string | null
  thresholdFen: number
  channel: 'store' | 'online' | 'any'
  /** null: every store. */
  storeIds: string[] | null
  /** Lowest tier index that may use it; null for everyone. */
  minTierIndex: number | null
  validFrom: number
  validTo: number
  /** Minutes after Shanghai midnight, e.g. 14:00–17:00 = 840–1020; null for all day. */
  dailyWindow: { fromMinute: number; toMinute: number } | null
}

export interface Basket {
  amountFen: number
  storeId: string
  channel: 'store' | 'online'
  at: number
  tierIndex: number
}

export interface Names {
  store: (id: string) => string
  tier: (index: number) => string
}

export type Verdict = { ok: true; discountFen: number } | { ok: false; reason: string }

/** "满50减10", "8.5折", "拿铁一杯" */
export function couponTitle(
  t: Pick<CouponTerms, 'kind' | 'valueFen' | 'discountPct' | 'itemName' | 'thresholdFen'>,
): string {
  const yuan = (fen: number) => formatYuan(fen).replace('¥', '')
  if (t.kind === 'amount')
    return t.thresholdFen > 0 ? `满${yuan(t.thresholdFen)}减${yuan(t.valueFen)}` : `${yuan(t.valueFen)}元无门槛券`
  if (t.kind === 'discount')
    return `${(t.discountPct / 10).toString()}折${t.thresholdFen > 0 ? `（满${yuan(t.thresholdFen)}）` : ''}`
  return `${t.itemName ?? '饮品'}一杯`
}

const clock = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/**
 * The rules in plain words, one line each, for the coupon's detail page. `validity` replaces the
 * dates for a coupon not granted yet ("领取后 7 天内有效").
 */
export function couponRules(t: CouponTerms, names: Names, validity?: string): string[] {
  const lines: string[] = []
  if (t.thresholdFen > 0) lines.push(`单笔消费满 ${formatYuan(t.thresholdFen)} 可用`)
  if (t.kind === 'discount') lines.push(`按 ${t.discountPct / 10} 折计算，最多优惠 ${formatYuan(t.valueFen)}`)
  // A ¥0 item coupon is a trial cup the brand gives (体验官): nothing to cap.
  if (t.kind === 'item')
    lines.push(
      t.valueFen > 0
        ? `兑换${t.itemName ?? '饮品'}一杯（价值不超过 ${formatYuan(t.valueFen)}）`
        : `免费兑换${t.itemName ?? '饮品'}一杯`,
    )
  lines.push(
    t.channel === 'store' ? '仅限门店使用' : t.channel === 'online' ? '仅限小程序点单使用' : '门店与小程序点单均可使用',
  )
  lines.push(t.storeIds ? `适用门店：${t.storeIds.map(names.store).join('、')}` : '全部门店通用')
  if (t.dailyWindow) lines.push(`每天 ${clock(t.dailyWindow.fromMinute)}–${clock(t.dailyWindow.toMinute)} 可用`)
  if (t.minTierIndex !== null && t.minTierIndex > 0) lines.push(`${names.tier(t.minTierIndex)}及以上会员可用`)
  lines.push(
    // One date style: M月D日, the year only when the span crosses into another one.
    validity ?? `有效期 ${formatDay(t.validFrom, t.validFrom)} 至 ${formatDay(t.validTo, t.validFrom)}`,
  )
  lines.push('每单限用 1 张，不找零、不兑现')
  return lines
}

/** Whether a coupon of this channel may be used through `channel`. */
export function channelAllows(couponChannel: CouponTerms['channel'], channel: Basket['channel']): boolean {
  return couponChannel === 'any' || couponChannel === channel
}

/** Whether a coupon limited to `storeIds` (null: all) may be used at the store. */
export function storeAllows(storeIds: CouponTerms['storeIds'], storeId: string): boolean {
  return storeIds === null || storeIds.includes(storeId)
}

/** Whether `at` falls in a coupon's daily window (Shanghai time); no window means all day. */
export function inDailyWindow(window: CouponTerms['dailyWindow'], at: number): boolean {
  if (!window) return true
  const wall = shanghai(at)
  const minute = wall.hour() * 60 + wall.minute()
  return minute >= window.fromMinute && minute < window.toMinute
}

/** Whether the coupon applies to this basket, and if so how much it takes off. */
export function couponVerdict(t: CouponTerms, b: Basket, names: Names): Verdict {
  if (b.at < t.validFrom) return { ok: false, reason: `该券 ${formatMonthDay(t.validFrom)} 起可用` }
  if (b.at > t.validTo) return { ok: false, reason: `该券已于 ${formatMonthDay(t.validTo)} 过期` }
  if (!channelAllows(t.channel, b.channel))
    return { ok: false, reason: t.channel === 'online' ? '该券仅限小程序点单使用' : '该券仅限门店使用' }
  if (!storeAllows(t.storeIds, b.storeId))
    return { ok: false, reason: `该券仅限${(t.storeIds ?? []).map(names.store).join('、')}使用` }
  if (t.dailyWindow && !inDailyWindow(t.dailyWindow, b.at)) {
    return { ok: false, reason: `该券每天 ${clock(t.dailyWindow.fromMinute)}–${clock(t.dailyWindow.toMinute)} 可用` }
  }
  if (t.minTierIndex !== null && b.tierIndex < t.minTierIndex)
    return { ok: false, reason: `该券仅限${names.tier(t.minTierIndex)}及以上会员使用` }
  if (b.amountFen < t.thresholdFen)
    return { ok: false, reason: `本单 ${formatYuan(b.amountFen)}，满 ${formatYuan(t.thresholdFen)} 才能使用` }
  const off =
    t.kind === 'amount'
      ? t.valueFen
      : t.kind === 'discount'
        ? Math.min(t.valueFen, b.amountFen - Math.round((b.amountFen * t.discountPct) / 100))
        : Math.min(t.valueFen, b.amountFen)
  return { ok: true, discountFen: Math.max(0, Math.min(off, b.amountFen)) }
}
