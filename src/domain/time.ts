import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** Asia/Shanghai is UTC+8 all year (no DST), so a fixed offset avoids relying on Intl time zones in the mini-program. */
export const SHANGHAI_OFFSET_MINUTES = 480

/** A moment (epoch ms or ISO string) seen on a Shanghai wall clock. */
export function shanghai(time: number | string | Date): Dayjs {
  return dayjs(time).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

export const DAY_MS = 24 * 60 * 60 * 1000

/** The same calendar day one year on (29 Feb → 28 Feb in a common year). */
export function addYears(time: number, years: number): number {
  return shanghai(time).add(years, 'year').valueOf()
}

/** "11月28日" */
export function formatMonthDay(time: number): string {
  return shanghai(time).format('M月D日')
}

/** "2026-11-28" */
export function formatDate(time: number): string {
  return shanghai(time).format('YYYY-MM-DD')
}

/** "18:32" */
export function formatClock(time: number): string {
  return shanghai(time).format('HH:mm')
}
