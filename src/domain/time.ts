import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** Asia/Shanghai is UTC+8 all year (no DST), so a fixed offset avoids relying on Intl time zones in the mini-program. */
export const SHANGHAI_OFFSET_MINUTES = 480

/** A moment (epoch ms or ISO string) seen on a Shanghai wall clock. */
export function shanghai(time: number | string | Date): Dayjs {
  return dayjs(time).utcOffset(SHANGHAI_OFFSET_MINUTES)
}

export const HOUR_MS = 60 * 60 * 1000
export const DAY_MS = 24 * HOUR_MS

export const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60 * 1000

/** A Date whose UTC fields read the Shanghai wall clock at `time` (getUTCDate() is the Shanghai day). */
export function shanghaiWall(time: number): Date {
  return new Date(time + SHANGHAI_OFFSET_MS)
}

/** The moment a Shanghai wall-clock time happens (month 0–11, overflowing as Date.UTC does). */
export function fromShanghaiWall(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  return Date.UTC(year, month, day, hour, minute, second, ms) - SHANGHAI_OFFSET_MS
}

/** Days since the epoch on a Shanghai calendar: equal for two moments on the same Shanghai day. */
export function shanghaiDayNumber(time: number): number {
  return Math.floor((time + SHANGHAI_OFFSET_MS) / DAY_MS)
}

/** The last millisecond of the Shanghai day `time` falls on. */
export function endOfShanghaiDay(time: number): number {
  return (shanghaiDayNumber(time) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1
}

/**
 * The same Shanghai wall-clock time `months` on, the day clamped to the month's last (31 Mar − 1
 * month → 28/29 Feb). Pure UTC arithmetic: the answer never depends on the machine's time zone.
 */
export function addMonths(time: number, months: number): number {
  const wall = shanghaiWall(time)
  const target = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + months, 1))
  const year = target.getUTCFullYear()
  const month = target.getUTCMonth()
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(wall.getUTCDate(), lastDay)
  return fromShanghaiWall(
    year,
    month,
    day,
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  )
}

/** The same Shanghai wall-clock time `years` on (29 Feb → 28 Feb in a common year). */
export function addYears(time: number, years: number): number {
  return addMonths(time, 12 * years)
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

const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** "周五", Shanghai time. */
export function weekdayName(time: number): string {
  return WEEKDAY_NAMES[shanghai(time).day()]
}

/** "周一" for an ISO weekday (1 = Monday … 7 = Sunday). */
export function isoWeekdayName(isoDay: number): string {
  return WEEKDAY_NAMES[isoDay % 7]
}
