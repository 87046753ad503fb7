import { DEFAULT_PROGRAMME } from '../../mock/engine/programme'
import { DAY_MS } from '@/domain/time'
import { progressToNext, qualifies, rollingStats, tierAfterCheckout } from '@/domain/tiers'

const tiers = DEFAULT_PROGRAMME.tiers
const now = Date.UTC(2026, 10, 28, 4)

test('rolling stats count the last 12 months only, visits by distinct day', () => {
  const stats = rollingStats(
    [
      { at: now - 400 * DAY_MS, amountFen: 99_900 },
      { at: now - 10 * DAY_MS, amountFen: 10_000 },
      { at: now - 10 * DAY_MS + 60_000, amountFen: 5_000 },
      { at: now - 2 * DAY_MS, amountFen: 1_000 },
    ],
    now,
    12,
  )
  expect(stats).toEqual({ spendFen: 16_000, visits: 2 })
})

test.each([
  [99_999, 0, false],
  [100_000, 0, true],
  [0, 3, false],
  [0, 4, true],
])('silver at spend %i fen, %i visits → %s', (spendFen, visits, expected) => {
  expect(qualifies(tiers[1], { spendFen, visits })).toBe(expected)
})

test('progress names the next tier and what is left on both paths', () => {
  expect(progressToNext(tiers, 'silver', { spendFen: 468_000, visits: 10 })).toMatchObject({
    nextTierName: '金卡',
    spendToGoFen: 32_000,
    visitsToGo: 2,
  })
  expect(progressToNext(tiers, 'black', { spendFen: 0, visits: 0 })).toBeNull()
})

test('a checkout upgrades at once, possibly past a tier, and never downgrades', () => {
  expect(tierAfterCheckout(tiers, 'new', { spendFen: 600_000, visits: 1 })).toBe('gold')
  expect(tierAfterCheckout(tiers, 'gold', { spendFen: 0, visits: 0 })).toBe('gold')
})
