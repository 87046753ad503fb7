/** @jest-environment node */
import fc from 'fast-check'
import {
  combinedMultiplierPct,
  countdownText,
  earnRateText,
  formatMultiplier,
  formatTimes,
  currentOrNextMemberDay,
  memberDayAt,
  memberDayPerkText,
  upcomingMemberDays,
  type MemberDayRules,
} from '@/domain/member-day'
import { DAY_MS, shanghai } from '@/domain/time'
import { DEFAULT_PROGRAMME } from '../../mock/engine/programme'

// The mock's rules: every 18th, ×2; March, June, September and December the quarterly one, ×3.
const rules: MemberDayRules = DEFAULT_PROGRAMME.memberDay

/** A Shanghai wall-clock moment (UTC+8) as epoch ms; month 1–12. */
const shanghaiAt = (y: number, month: number, d: number, hh = 0, mm = 0, ss = 0) =>
  Date.UTC(y, month - 1, d, hh - 8, mm, ss)

describe('the rules the mock serves', () => {
  test('the 18th; quarterly in March, June, September, December', () => {
    expect(rules).toEqual({
      dayOfMonth: 18,
      quarterlyMonths: [3, 6, 9, 12],
      monthly: { title: '会员日', multiplierPct: 200 },
      quarterly: { title: '季度会员日', multiplierPct: 300 },
    })
  })
})

describe('is it a member day?', () => {
  test('Shanghai midnight that starts the 18th is 16:00 UTC on the 17th', () => {
    const start = shanghaiAt(2026, 12, 18)
    expect(start).toBe(Date.UTC(2026, 11, 17, 16))
    expect(memberDayAt(rules, start)).toEqual({
      kind: 'quarterly',
      title: '季度会员日',
      multiplierPct: 300,
      date: '2026-12-18',
      startsAt: start,
      endsAt: start + DAY_MS,
    })
  })

  test.each([
    ['18th 00:00', shanghaiAt(2026, 12, 18, 0, 0, 0), '2026-12-18'],
    ['18th 10:00', shanghaiAt(2026, 12, 18, 10), '2026-12-18'],
    ['18th 23:59:59', shanghaiAt(2026, 12, 18, 23, 59, 59), '2026-12-18'],
    ['17th 23:59:59', shanghaiAt(2026, 12, 17, 23, 59, 59), null],
    ['19th 00:00', shanghaiAt(2026, 12, 19, 0, 0, 0), null],
    ['17th 15:59:59 UTC is still the 17th in Shanghai', Date.UTC(2026, 11, 17, 15, 59, 59), null],
    ['17th 16:00 UTC is already the 18th in Shanghai', Date.UTC(2026, 11, 17, 16), '2026-12-18'],
    ['18th 16:00 UTC is already the 19th in Shanghai', Date.UTC(2026, 11, 18, 16), null],
  ])('%s', (_name, time, date) => {
    expect(memberDayAt(rules, time)?.date ?? null).toBe(date)
  })

  test.each([
    [1, 'monthly', '会员日', 200],
    [3, 'quarterly', '季度会员日', 300],
    [4, 'monthly', '会员日', 200],
    [6, 'quarterly', '季度会员日', 300],
    [9, 'quarterly', '季度会员日', 300],
    [11, 'monthly', '会员日', 200],
    [12, 'quarterly', '季度会员日', 300],
  ])('month %d: %s (%s ×%d%%)', (month, kind, title, pct) => {
    expect(memberDayAt(rules, shanghaiAt(2027, month, 18, 12))).toMatchObject({
      kind,
      title,
      multiplierPct: pct,
      date: `2027-${String(month).padStart(2, '0')}-18`,
    })
  })
})

describe('the coming member days', () => {
  test('from 2026-11-29: the quarterly 12-18, then the monthly ones, across the new year', () => {
    const days = upcomingMemberDays(rules, shanghaiAt(2026, 11, 29, 10), 5)
    expect(days.map((d) => [d.date, d.kind, d.title])).toEqual([
      ['2026-12-18', 'quarterly', '季度会员日'],
      ['2027-01-18', 'monthly', '会员日'],
      ['2027-02-18', 'monthly', '会员日'],
      ['2027-03-18', 'quarterly', '季度会员日'],
      ['2027-04-18', 'monthly', '会员日'],
    ])
    expect(days.map((d) => d.endsAt - d.startsAt)).toEqual(Array(5).fill(DAY_MS))
    expect(days[1].startsAt).toBe(Date.UTC(2027, 0, 17, 16))
  })

  test('on a member day, today comes first (until its last second)', () => {
    expect(upcomingMemberDays(rules, shanghaiAt(2026, 12, 18, 23, 59, 59), 2).map((d) => d.date)).toEqual([
      '2026-12-18',
      '2027-01-18',
    ])
    expect(currentOrNextMemberDay(rules, shanghaiAt(2026, 12, 18, 0)).date).toBe('2026-12-18')
    expect(currentOrNextMemberDay(rules, shanghaiAt(2026, 12, 19, 0)).date).toBe('2027-01-18')
  })

  test('earlier in the month, this month’s day comes first', () => {
    expect(currentOrNextMemberDay(rules, shanghaiAt(2027, 2, 1)).date).toBe('2027-02-18')
    expect(currentOrNextMemberDay(rules, shanghaiAt(2026, 12, 17, 23, 59, 59)).date).toBe('2026-12-18')
  })

  test('no days asked, none given', () => {
    expect(upcomingMemberDays(rules, shanghaiAt(2026, 11, 29), 0)).toEqual([])
  })

  test('another day of the month and other quarterly months are followed', () => {
    const other: MemberDayRules = { ...rules, dayOfMonth: 1, quarterlyMonths: [1] }
    expect(upcomingMemberDays(other, shanghaiAt(2026, 12, 2), 2).map((d) => [d.date, d.kind])).toEqual([
      ['2027-01-01', 'quarterly'],
      ['2027-02-01', 'monthly'],
    ])
  })
})

describe('the countdown', () => {
  const S = 1000
  // Beyond a day it counts days and hours (no seconds ticking, no "0 小时"), units kept with their numbers.
  const kept = (text: string) => text.replace(/(\d) /g, '$1\u00a0')
  test.each([
    [(19 * 86_400 + 3 * 3600 + 12 * 60 + 45) * S, '19 天 3 小时'],
    [(17 * 86_400 + 59 * 60) * S, '17 天'],
    [(3 * 3600 + 12 * 60 + 45) * S, '03:12:45'],
    [(3 * 3600 + 12 * 60 + 45) * S + 999, '03:12:45'],
    [86_400 * S, '1 天'],
    [86_400 * S - 1, '23:59:59'],
    [0, '00:00:00'],
    [-5_000, '00:00:00'],
    [-3 * 86_400 * S, '00:00:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(countdownText(ms)).toBe(kept(text))
  })

  test('never negative, whatever is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (ms) => {
        expect(countdownText(ms)).toMatch(/^(\d+\u00a0天( [1-9]\d?\u00a0小时)?|\d{2}:[0-5]\d:[0-5]\d)$/)
      }),
    )
  })
})

describe('the earn multiplier on a member day', () => {
  test.each([
    [150, rules.monthly, 300],
    [120, rules.quarterly, 360],
    [100, rules.monthly, 200],
    [200, rules.quarterly, 600],
    [150, null, 150],
    [120, null, 120],
  ])('tier %d%% × %p → %d%%', (tierPct, day, pct) => {
    expect(combinedMultiplierPct(tierPct, day)).toBe(pct)
  })
})

describe('properties over 2020–2035', () => {
  const anyTime = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) })

  test('a member day exactly when the Shanghai date is the 18th; the next one has not ended yet', () => {
    fc.assert(
      fc.property(anyTime, (t) => {
        const wall = shanghai(t)
        const day = memberDayAt(rules, t)
        expect(day !== null).toBe(wall.date() === 18)
        if (day) {
          expect(day.date).toBe(wall.format('YYYY-MM-DD'))
          expect(day.startsAt).toBeLessThanOrEqual(t)
          expect(day.endsAt).toBeGreaterThan(t)
          expect(day.kind).toBe([3, 6, 9, 12].includes(wall.month() + 1) ? 'quarterly' : 'monthly')
        }
        const [next] = upcomingMemberDays(rules, t, 1)
        expect(next.endsAt).toBeGreaterThan(t)
        // Today's if it is one, else one that has not started, within about a month.
        if (day) expect(next).toEqual(day)
        else expect(next.startsAt).toBeGreaterThan(t)
        expect(next.startsAt - t).toBeLessThan(32 * DAY_MS)
        expect(shanghai(next.startsAt).format('D HH:mm:ss')).toBe('18 00:00:00')
      }),
      { numRuns: 2_000 },
    )
  })

  test('member days probed around Shanghai midnight of the 17th/18th and 18th/19th', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -1_000, max: 1_000 }),
        (y, m, ms) => {
          const start = shanghaiAt(y, m, 18)
          expect(memberDayAt(rules, start + ms) !== null).toBe(ms >= 0)
          expect(memberDayAt(rules, start + DAY_MS + ms) !== null).toBe(ms < 0)
        },
      ),
    )
  })
})

describe('multipliers as a shopper reads them', () => {
  test.each([
    [200, '×2'],
    [300, '×3'],
    [240, '×2.4'],
    [150, '×1.5'],
    [125, '×1.25'],
  ])('%d%% → %s', (pct, text) => {
    expect(formatMultiplier(pct)).toBe(text)
  })

  test('the member day on a receipt', () => {
    expect(memberDayPerkText({ title: '会员日', multiplierPct: 200 })).toBe('会员日 · 积分 ×2')
  })

  test("in words: a receipt's combined rate and a tier's earn rate", () => {
    expect(formatTimes(240)).toBe('2.4 倍')
    expect(formatTimes(300)).toBe('3 倍')
    expect(earnRateText(120)).toBe('积分 1.2 倍')
    expect(earnRateText(200)).toBe('积分 2 倍')
  })

  test('the served tier benefits say the earn rate in the same words', () => {
    for (const tier of DEFAULT_PROGRAMME.tiers.filter((t) => t.multiplierPct > 100)) {
      expect(tier.benefits[0]).toBe(earnRateText(tier.multiplierPct))
    }
    expect(DEFAULT_PROGRAMME.tiers.find((t) => t.id === 'silver')?.benefits[0]).toBe('积分 1.2 倍')
  })
})
