import fc from 'fast-check'
import { formatCountdown, formatDay, formatDayTime, formatTimeLeft, groupDigits, withUnit } from '@/domain/format'
import { formatDistance } from '@/domain/geo'
import { formatPoints, formatYuan } from '@/domain/money'
import { fromShanghaiWall } from '@/domain/time'

// A no-break space joins each number to its unit; tables below write it as a plain space.
const kept = (text: string) => text.replace(/(\d) (?=[^\d\s])/g, '$1\u00a0')
const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('one date style: M月D日, the year only across years (Shanghai calendar)', () => {
  const now = fromShanghaiWall(2026, 10, 30, 12)
  test.each([
    [fromShanghaiWall(2026, 11, 28), '12月28日'],
    [fromShanghaiWall(2026, 0, 1), '1月1日'],
    [fromShanghaiWall(2027, 0, 27), '2027年1月27日'],
    [fromShanghaiWall(2025, 11, 31, 23, 59), '2025年12月31日'],
    // 16:30 UTC on 31 Dec is already 1 Jan in Shanghai.
    [Date.UTC(2026, 11, 31, 16, 30), '2027年1月1日'],
  ])('%d → %s', (time, text) => {
    expect(formatDay(time, now)).toBe(text)
  })

  test('with a time of day', () => {
    expect(formatDayTime(fromShanghaiWall(2026, 9, 2, 13, 53), now)).toBe('10月2日 13:53')
    expect(formatDayTime(fromShanghaiWall(2025, 11, 21, 8, 5), now)).toBe('2025年12月21日 08:05')
  })
})

describe('one money style: ¥, thousands grouped, fen only when there are some', () => {
  test.each([
    [0, '¥0'],
    [468_000, '¥4,680'],
    [2_628_820, '¥26,288.20'],
    [2_628_805, '¥26,288.05'],
    [100_000_000, '¥1,000,000'],
    [-3_200, '-¥32'],
  ])('%d fen → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text)
  })

  test('points and other counts group the same way', () => {
    expect(formatPoints(12_800)).toBe('12,800')
    expect(groupDigits(999)).toBe('999')
    expect(groupDigits(1_068)).toBe('1,068')
  })
})

describe('distances grouped, their unit kept with them', () => {
  test.each([
    [84, '80 米'],
    [1_234, '1.2 公里'],
    [12_345, '12 公里'],
    [1_068_200, '1,068 公里'],
  ])('%d m → %s', (meters, text) => {
    expect(formatDistance(meters)).toBe(kept(text))
  })

  test('no distance can be broken between its number and its unit', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2e7, noNaN: true }), (m) => {
        expect(formatDistance(m)).toMatch(/^[\d,.]+\u00a0(米|公里)$/)
      }),
    )
  })
})

describe('time left: days and hours, never "0 小时", never seconds beyond a day', () => {
  test.each([
    [2 * DAY + 5 * HOUR + 59 * 60_000, '2 天 5 小时'],
    [2 * DAY + 30 * 60_000, '2 天'],
    [5 * HOUR + 10 * 60_000, '5 小时'],
    [12 * 60_000 + 30_000, '12 分钟'],
    [20_000, '1 分钟'],
    [0, '0 分钟'],
    [-DAY, '0 分钟'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(kept(text))
  })

  test.each([
    [17 * DAY + 3 * HOUR + 12 * 60_000 + 45_000, '17 天 3 小时'],
    [17 * DAY + 45_000, '17 天'],
    [DAY, '1 天'],
    [DAY - 1, '23:59:59'],
    [3 * HOUR + 12 * 60_000 + 45_999, '03:12:45'],
    [-5_000, '00:00:00'],
  ])('countdown %d ms → %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(kept(text))
  })

  test('a countdown shows seconds only on its last day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * DAY }), (ms) => {
        expect(/:\d\d$/.test(formatCountdown(ms))).toBe(ms < DAY)
        expect(formatCountdown(ms)).not.toMatch(/(^|\D)0\u00a0小时/)
      }),
    )
  })
})

test('withUnit keeps any number with its unit', () => {
  expect(withUnit(2, '张')).toBe('2\u00a0张')
  expect(withUnit('1,068', '公里')).toBe('1,068\u00a0公里')
})
