import { DAY_MS } from '@/domain/time'
import {
  DEFAULT_RFM_CUTS,
  quintileCuts,
  rfmCuts,
  rfmInput,
  rfmScores,
  SEGMENT_IDS,
  SEGMENTS,
  segmentOf,
  segmentPopulation,
  type RfmInput,
} from '@/domain/rfm'

/*
 * Ten members, worked out by hand (money in yuan here; ×100 for fen).
 *
 *      recency  freq  money  tenure
 *   A     2      20   5000    400
 *   B     5       3   4000    400
 *   E     3      12    500    400
 *   F    10       1    100    400
 *   J     1       1     80      5   (joined 5 days ago)
 *   K    14       2     60    400
 *   C   100      15   6000    400
 *   D   150       2   3000    400
 *   G   120      10    300    400
 *   H   200       1     50    400
 *
 * Cuts are the values at ranks ⌈k·10/5⌉ = 2, 4, 6, 8 of each sorted column:
 *   recency 1 2 3 5 10 14 100 120 150 200     → 2, 5, 14, 120
 *   freq    1 1 1 2 2 3 10 12 15 20           → 1, 2, 3, 12
 *   money   50 60 80 100 300 500 3000 4000 5000 6000 → 60, 100, 500, 4000
 *
 * r = 5 − (cuts below the recency); f, m = 1 + (cuts below the value). High: r ≥ 3, f ≥ 4, m ≥ 4.
 *   A  r5 (none below 2)      f5  m5  → R F M high           重要价值
 *   B  r4 (2)                 f3  m4  → R, M high; F low     重要发展
 *   E  r4 (2)                 f4  m3  → R, F high; M low     一般价值
 *   F  r3 (2, 5)              f1  m2  → R high only          一般发展
 *   J  new (tenure 5 < 30), scores r5 f1 m2                  新客
 *   K  r3 (2, 5)              f2  m1  → R high only          一般发展
 *   C  r2 (2, 5, 14)          f5  m5  → F, M high; R low     重要唤回
 *   D  r1 (all)               f2  m4  → M high only          重要保持
 *   G  r2 (120 is not above 120) f4 m3 → F high only         一般保持
 *   H  r1                     f1  m1  → all low              沉睡
 */
const row = (recencyDays: number | null, frequency: number, yuan: number, tenureDays = 400): RfmInput => ({
  recencyDays,
  frequency,
  monetaryFen: yuan * 100,
  tenureDays,
})
const POPULATION: Record<string, RfmInput> = {
  A: row(2, 20, 5000),
  B: row(5, 3, 4000),
  E: row(3, 12, 500),
  F: row(10, 1, 100),
  J: row(1, 1, 80, 5),
  K: row(14, 2, 60),
  C: row(100, 15, 6000),
  D: row(150, 2, 3000),
  G: row(120, 10, 300),
  H: row(200, 1, 50),
}
const nameOf = (id: string) => SEGMENTS.find((s) => s.id === id)?.name

test('quintile cuts are the values at ranks ⌈k·n/5⌉', () => {
  expect(quintileCuts([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([2, 4, 6, 8])
  expect(quintileCuts([])).toEqual([0, 0, 0, 0])
})

test('the hand-worked population: cut points, scores and segments', () => {
  const cuts = rfmCuts(Object.values(POPULATION))
  expect(cuts).toEqual({
    recencyDays: [2, 5, 14, 120],
    frequency: [1, 2, 3, 12],
    monetaryFen: [6_000, 10_000, 50_000, 400_000],
  })
  expect(rfmScores(POPULATION.A, cuts)).toEqual({ r: 5, f: 5, m: 5 })
  expect(rfmScores(POPULATION.G, cuts)).toEqual({ r: 2, f: 4, m: 3 })
  expect(rfmScores(POPULATION.D, cuts)).toEqual({ r: 1, f: 2, m: 4 })
  const { placed } = segmentPopulation(Object.values(POPULATION))
  const names = Object.fromEntries(Object.keys(POPULATION).map((k, i) => [k, nameOf(placed[i].segment)]))
  expect(names).toEqual({
    A: '重要价值',
    B: '重要发展',
    E: '一般价值',
    F: '一般发展',
    J: '新客',
    K: '一般发展',
    C: '重要唤回',
    D: '重要保持',
    G: '一般保持',
    H: '沉睡',
  })
  expect(placed[4].scores).toEqual({ r: 5, f: 1, m: 2 })
})

test('every segment has a name and a one-line meaning', () => {
  expect(SEGMENTS.map((s) => s.id)).toEqual([...SEGMENT_IDS])
  for (const s of SEGMENTS) {
    expect(s.name).toMatch(/[\u4e00-\u9fa5]/)
    expect(s.meaning.length).toBeGreaterThan(5)
  }
})

test('one member is placed by cut points alone (the served defaults when none are given)', () => {
  const cuts = rfmCuts(Object.values(POPULATION))
  // C alone, with the population's cut points, lands where it did in the population.
  expect(segmentOf(POPULATION.C, cuts).segment).toBe('important-winback')
  // A member who never came and joined long ago is asleep; one who joined last week is new.
  expect(segmentOf(row(null, 0, 0)).segment).toBe('dormant')
  expect(segmentOf(row(null, 0, 0, 3)).segment).toBe('new')
  // Valuable and lapsed by the default cut points: beyond the 60th-percentile recency, top-40% frequency and spend.
  const lapsed = {
    recencyDays: DEFAULT_RFM_CUTS.recencyDays[2] + 30,
    frequency: DEFAULT_RFM_CUTS.frequency[3],
    monetaryFen: DEFAULT_RFM_CUTS.monetaryFen[3] + 1,
    tenureDays: 400,
  }
  expect(segmentOf(lapsed).segment).toBe('important-winback')
  expect(segmentOf({ ...lapsed, recencyDays: 1 }).segment).toBe('important-value')
})

test('a member’s measures come from their checkouts: days since the last, 12-month visits by day and spend', () => {
  const now = Date.UTC(2026, 10, 28, 4)
  const checkouts = [
    { at: now - 400 * DAY_MS, amountFen: 99_900 },
    { at: now - 40 * DAY_MS, amountFen: 10_000 },
    { at: now - 40 * DAY_MS + 60_000, amountFen: 5_000 },
    { at: now - 12 * DAY_MS - 3_600_000, amountFen: 2_000 },
  ]
  expect(rfmInput(checkouts, now - 500 * DAY_MS, now)).toEqual({
    recencyDays: 12,
    frequency: 2,
    monetaryFen: 17_000,
    tenureDays: 500,
  })
  expect(rfmInput([], now - DAY_MS, now)).toEqual({ recencyDays: null, frequency: 0, monetaryFen: 0, tenureDays: 1 })
})
