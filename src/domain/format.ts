/**
 * How the app writes dates, spans of time and quantities, in one style (money is formatYuan in
 * money.ts, distances formatDistance in geo.ts; both follow the same rules):
 * - a day is "12月28日", with the year ("2027年1月27日") only when it is not the current year;
 * - a number and its unit never part at a line end: they are joined by a no-break space (NBSP);
 * - a countdown longer than a day counts days and hours, never seconds, and never says "0 小时".
 */
import { DAY_MS, formatClock, shanghai } from './time'

/** U+00A0: looks like a space, but a line never breaks there. */
export const NBSP = '\u00a0'

const HOUR_MS = 60 * 60 * 1000
const MINUTE_MS = 60 * 1000

/** "1,068": a whole number with thousands grouped, as money and points are written. */
export function groupDigits(n: number): string {
  return Math.trunc(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** "2 张", "1,068 公里": a number and its unit, kept on one line. */
export function withUnit(value: number | string, unit: string): string {
  return `${value}${NBSP}${unit}`
}

/** "12月28日" this year, "2027年1月27日" in another (Shanghai calendar; `now` says which year is this one). */
export function formatDay(time: number, now: number): string {
  const day = shanghai(time)
  return day.year() === shanghai(now).year() ? day.format('M月D日') : day.format('YYYY年M月D日')
}

/** "12月28日 18:32", the year as formatDay has it. */
export function formatDayTime(time: number, now: number): string {
  return `${formatDay(time, now)} ${formatClock(time)}`
}

/**
 * What is left of a span, coarse: "2 天 5 小时", "2 天", "5 小时", "12 分钟" (at least 1 分钟 while
 * any is left; "0 分钟" once it is over). Units are kept with their numbers.
 */
export function formatTimeLeft(ms: number): string {
  const left = Math.max(0, ms)
  const days = Math.floor(left / DAY_MS)
  const hours = Math.floor((left % DAY_MS) / HOUR_MS)
  if (days > 0) return hours > 0 ? `${withUnit(days, '天')} ${withUnit(hours, '小时')}` : withUnit(days, '天')
  if (hours > 0) return withUnit(hours, '小时')
  return withUnit(left > 0 ? Math.max(1, Math.floor(left / MINUTE_MS)) : 0, '分钟')
}

/**
 * A countdown that ticks: "17 天 3 小时" while more than a day is left (seconds would only flicker),
 * "03:12:45" on the last day, "00:00:00" once passed.
 */
export function formatCountdown(ms: number): string {
  const left = Math.max(0, ms)
  if (left >= DAY_MS) return formatTimeLeft(left)
  const s = Math.floor(left / 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}
