/** @jest-environment node */
import fc from 'fast-check'
import { lotExpiry } from '@/domain/points'
import { shanghai } from '@/domain/time'

// The rule as a date library states it: the end of the same Shanghai day, one year on.
const byCalendar = (t: number) => shanghai(t).add(1, 'year').endOf('day').valueOf()

describe('a points lot expires at the end of the same Shanghai day a year later', () => {
  test.each([
    ['an ordinary afternoon', Date.UTC(2026, 10, 28, 6, 30), '2027-11-28 23:59:59.999'],
    ['New Year’s Eve, 23:59 in Shanghai', Date.UTC(2026, 11, 31, 15, 59), '2027-12-31 23:59:59.999'],
    [
      'just after midnight in Shanghai (still the day before in UTC)',
      Date.UTC(2027, 0, 31, 16, 5),
      '2028-02-01 23:59:59.999',
    ],
    ['a leap day, to 28 February', Date.UTC(2028, 1, 29, 3), '2029-02-28 23:59:59.999'],
  ])('%s', (_name, earnedAt, expires) => {
    expect(shanghai(lotExpiry(earnedAt)).format('YYYY-MM-DD HH:mm:ss.SSS')).toBe(expires)
    expect(lotExpiry(earnedAt)).toBe(byCalendar(earnedAt))
  })

  test('for any moment over a decade, the same as the calendar says', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2034, 0, 1) }), (t) => {
        expect(lotExpiry(t)).toBe(byCalendar(t))
      }),
      { numRuns: 2000 },
    )
  })
})
