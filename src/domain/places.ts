/** Places: store opening hours, and which of a member's coupons can be used at a store (the "coupon near you" line). */
import { channelAllows, inDailyWindow, storeAllows, type CouponTerms } from './coupons'
import { byDistance, type LatLng } from './geo'
import { isoWeekdayName, shanghaiWall } from './time'

export interface OpeningHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[]
  /** "07:30" and "21:00", Shanghai time; a close before the open runs past midnight. */
  open: string
  close: string
}

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

function wallOf(time: number): { weekday: number; minute: number } {
  const wall = shanghaiWall(time)
  return { weekday: ((wall.getUTCDay() + 6) % 7) + 1, minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() }
}

/** "周一至周五", "周六、周日", "每天" */
function daysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b)
  if (sorted.length === 7) return '每天'
  const run = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1)
  if (run && sorted.length > 2) return `${isoWeekdayName(sorted[0])}至${isoWeekdayName(sorted[sorted.length - 1])}`
  return sorted.map(isoWeekdayName).join('、')
}

/** One line per rule: "周一至周五 07:30–21:00". */
export function hoursLines(hours: OpeningHours[]): string[] {
  return hours.map(
    (h) => `${daysText(h.days)} ${h.open}–${minuteOf(h.close) <= minuteOf(h.open) ? '次日 ' : ''}${h.close}`,
  )
}

export interface OpenState {
  open: boolean
  /** "营业中 · 21:00 打烊", "已打烊 · 明天 07:30 营业" */
  text: string
}

/** Whether the store is open at `time`, and when that changes, in a shopper's words. */
export function openState(hours: OpeningHours[], time: number): OpenState {
  const { weekday, minute } = wallOf(time)
  const yesterday = ((weekday + 5) % 7) + 1
  for (const h of hours) {
    const open = minuteOf(h.open)
    const close = minuteOf(h.close)
    const overnight = close <= open
    if (h.days.includes(weekday) && minute >= open && (overnight || minute < close))
      return { open: true, text: `营业中 · ${overnight ? '次日 ' : ''}${h.close} 打烊` }
    if (overnight && h.days.includes(yesterday) && minute < close)
      return { open: true, text: `营业中 · ${h.close} 打烊` }
  }
  // Closed: the next opening within a week.
  for (let ahead = 0; ahead < 8; ahead++) {
    const day = ((weekday - 1 + ahead) % 7) + 1
    const opens = hours
      .filter((h) => h.days.includes(day) && (ahead > 0 || minuteOf(h.open) > minute))
      .map((h) => h.open)
      .sort()[0]
    if (opens) {
      const when = ahead === 0 ? '今天' : ahead === 1 ? '明天' : isoWeekdayName(day)
      return { open: false, text: `${ahead === 0 ? '休息中' : '已打烊'} · ${when} ${opens} 营业` }
    }
  }
  return { open: false, text: '暂停营业' }
}

/** A coupon as far as where it works: null stores means every store; online-only coupons work at none. */
export interface CouponPlace {
  storeIds: string[] | null
  channel: 'store' | 'online' | 'any'
}

export function couponWorksAt(coupon: CouponPlace, storeId: string): boolean {
  return channelAllows(coupon.channel, 'store') && storeAllows(coupon.storeIds, storeId)
}

/** A member's coupon as far as using it now goes: status, dates, daily window, place. */
export interface CouponNow extends CouponPlace {
  status: 'available' | 'used' | 'expired'
  validFrom: number
  validTo: number
  dailyWindow: CouponTerms['dailyWindow']
}

/** Whether the coupon could be used at this store at `at` (the till may still refuse it on the basket or tier). */
export function couponUsableAt(coupon: CouponNow, storeId: string, at: number): boolean {
  return (
    coupon.status === 'available' &&
    coupon.validFrom <= at &&
    at <= coupon.validTo &&
    inDailyWindow(coupon.dailyWindow, at) &&
    couponWorksAt(coupon, storeId)
  )
}

export interface NearbyCouponStore<S, C> {
  store: S
  meters: number
  /** The member's coupons usable there now. */
  coupons: C[]
}

/** The nearest store within `withinMeters`, open at `at`, where at least one of the coupons can be used then. */
export function nearestCouponStore<S extends LatLng & { id: string; hours: OpeningHours[] }, C extends CouponNow>(
  from: LatLng,
  stores: readonly S[],
  coupons: readonly C[],
  at: number,
  withinMeters = 1000,
): NearbyCouponStore<S, C> | null {
  for (const { item, meters } of byDistance(from, stores)) {
    if (meters > withinMeters) return null
    if (!openState(item.hours, at).open) continue
    const usable = coupons.filter((c) => couponUsableAt(c, item.id, at))
    if (usable.length > 0) return { store: item, meters, coupons: usable }
  }
  return null
}
