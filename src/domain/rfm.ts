/**
 * RFM segmentation for the operator console: each member gets a 1–5 score for recency (days since
 * the last visit, fewer is better), frequency (visits in the last 12 months) and monetary value
 * (spend in the last 12 months), by the population's quintiles; the three scores, high or low, name
 * the segment. Cut points are plain data, so one member can be placed without the population
 * (the backend serves default cut points), and the whole population is scored in one pass.
 */
import { DAY_MS } from './time'
import { rollingStats, type Visit } from './tiers'

/** What RFM looks at for one member. */
export interface RfmInput {
  /** Days since the last visit; null if the member never came. */
  recencyDays: number | null
  /** Visits (distinct days) in the last 12 months. */
  frequency: number
  /** Spend in the last 12 months (fen). */
  monetaryFen: number
  /** Days since the member joined. */
  tenureDays: number
}

/** Four ascending cut points per measure: the values at the 20th, 40th, 60th and 80th percentiles. */
export interface RfmCuts {
  recencyDays: [number, number, number, number]
  frequency: [number, number, number, number]
  monetaryFen: [number, number, number, number]
}

export interface RfmScores {
  r: number
  f: number
  m: number
}

export const SEGMENT_IDS = [
  'important-value',
  'important-develop',
  'important-keep',
  'important-winback',
  'general-value',
  'general-develop',
  'general-keep',
  'new',
  'dormant',
] as const
export type SegmentId = (typeof SEGMENT_IDS)[number]

export interface SegmentInfo {
  id: SegmentId
  name: string
  /** What the segment means, in one line. */
  meaning: string
}

/** Each segment's name and meaning, in the order the console lists them. */
export const SEGMENTS: readonly SegmentInfo[] = [
  { id: 'important-value', name: '重要价值', meaning: '最近来过、常来、消费高：最好的会员，保持礼遇' },
  { id: 'important-develop', name: '重要发展', meaning: '最近来过、消费高但来得不多：鼓励多来' },
  { id: 'important-keep', name: '重要保持', meaning: '消费高，但来得少、最近也没来：主动保持联系' },
  { id: 'important-winback', name: '重要唤回', meaning: '曾经常来、消费高，最近没来：价值高却已流失，尽快唤回' },
  { id: 'general-value', name: '一般价值', meaning: '最近来过、常来，但消费不高：提升客单价' },
  { id: 'general-develop', name: '一般发展', meaning: '最近来过，来得少、消费低：培养到店习惯' },
  { id: 'general-keep', name: '一般保持', meaning: '来得不少但消费低，最近没来：提醒回来' },
  { id: 'new', name: '新客', meaning: '入会不到 30 天：完成首单，养成习惯' },
  { id: 'dormant', name: '沉睡', meaning: '很久没来、来得少、消费低：低成本唤醒' },
]

/** A member who joined less than this many days ago is 新客, whatever the scores. */
export const NEW_MEMBER_DAYS = 30
/** Recency of a member who never came: later than any real visit, and still a finite JSON number. */
export const NEVER_VISITED_DAYS = 9999
/** A score at or above this is "high" (recency 3 of 5: the more recent 60%; frequency and money 4 of 5: the top 40%). */
export const HIGH_SCORE = { r: 3, f: 4, m: 4 } as const

/**
 * Default cut points: the demo population's (so one member is placed as the console would place
 * them). A visit in the last 39 days is recent; more than 4 visits and ¥278 a year are high.
 */
export const DEFAULT_RFM_CUTS: RfmCuts = {
  recencyDays: [10, 22, 39, 396],
  frequency: [0, 2, 4, 8],
  monetaryFen: [0, 12_500, 27_800, 58_900],
}

export function segmentInfo(id: SegmentId): SegmentInfo {
  return SEGMENTS.find((s) => s.id === id)!
}

/** The member's RFM measures as of `now`, from their checkouts (refunded ones excluded by the caller). */
export function rfmInput(checkouts: readonly Visit[], joinedAt: number, now: number): RfmInput {
  let last = -Infinity
  for (const c of checkouts) if (c.at <= now && c.at > last) last = c.at
  const { spendFen, visits } = rollingStats(checkouts, now, 12)
  return {
    recencyDays: last === -Infinity ? null : Math.floor((now - last) / DAY_MS),
    frequency: visits,
    monetaryFen: spendFen,
    tenureDays: Math.floor((now - joinedAt) / DAY_MS),
  }
}

const recencyOf = (x: RfmInput): number => x.recencyDays ?? NEVER_VISITED_DAYS

/**
 * The value at each quintile boundary, by nearest rank: for n sorted values the k-th cut is the value
 * at rank ⌈k·n/5⌉ (1-based). With 10 values 1…10 the cuts are 2, 4, 6, 8.
 */
export function quintileCuts(values: readonly number[]): [number, number, number, number] {
  if (values.length === 0) return [0, 0, 0, 0]
  const sorted = [...values].sort((a, b) => a - b)
  const at = (k: number) => sorted[Math.max(0, Math.ceil((k * sorted.length) / 5) - 1)]
  return [at(1), at(2), at(3), at(4)]
}

/** The population's cut points. */
export function rfmCuts(population: readonly RfmInput[]): RfmCuts {
  return {
    recencyDays: quintileCuts(population.map(recencyOf)),
    frequency: quintileCuts(population.map((x) => x.frequency)),
    monetaryFen: quintileCuts(population.map((x) => x.monetaryFen)),
  }
}

/** 1 + the number of cut points the value is above (higher is better). */
function scoreUp(value: number, cuts: readonly number[]): number {
  let s = 1
  for (const c of cuts) if (value > c) s++
  return s
}

export function rfmScores(x: RfmInput, cuts: RfmCuts): RfmScores {
  return {
    // Fewer days is better: the score falls by one for each cut point the recency is above.
    r: 6 - scoreUp(recencyOf(x), cuts.recencyDays),
    f: scoreUp(x.frequency, cuts.frequency),
    m: scoreUp(x.monetaryFen, cuts.monetaryFen),
  }
}

/** The segment of scores (high or low on each measure) for a member past their first month. */
export function segmentOfScores(s: RfmScores): SegmentId {
  const r = s.r >= HIGH_SCORE.r
  const f = s.f >= HIGH_SCORE.f
  const m = s.m >= HIGH_SCORE.m
  if (m) {
    if (r) return f ? 'important-value' : 'important-develop'
    return f ? 'important-winback' : 'important-keep'
  }
  if (r) return f ? 'general-value' : 'general-develop'
  return f ? 'general-keep' : 'dormant'
}

/** One member's segment from cut points (the population's, or the served defaults). */
export function segmentOf(x: RfmInput, cuts: RfmCuts = DEFAULT_RFM_CUTS): { segment: SegmentId; scores: RfmScores } {
  const scores = rfmScores(x, cuts)
  return { segment: x.tenureDays < NEW_MEMBER_DAYS ? 'new' : segmentOfScores(scores), scores }
}

/** A whole population's segments and the cut points they were placed by. */
export function segmentPopulation(population: readonly RfmInput[]): {
  cuts: RfmCuts
  placed: { segment: SegmentId; scores: RfmScores }[]
} {
  const cuts = rfmCuts(population)
  return { cuts, placed: population.map((x) => segmentOf(x, cuts)) }
}
