/**
 * The operator console's demo population: a few thousand members with believable histories (joined
 * dates, visits and spend at their stores, tiers, points lots and ledger, coupons used), generated
 * deterministically from a seed, relative to the demo clock's day.
 *
 * It lives in memory only, never in the state: a phone running the backend in local mode persists
 * the state record by record in its own storage, and 2,000 members' histories would fill that budget
 * (and slow every member's start). It is made when the console first asks (a staff request) and made
 * again, identically, from the seed whenever the demo day changes; campaigns keep only small records
 * in the state (who of the population they reached, as a bitmap over the population's indexes).
 */
import type { Programme } from '../../src/api/contract'
import { lotExpiry, type LedgerType } from '../../src/domain/points'
import { DAY_MS, shanghai } from '../../src/domain/time'
import { pointsForSpend } from '../../src/domain/tiers'
import { DEFAULT_STORES } from './stores'

/** A checkout of a population member (no receipts or ids: nobody looks them up). */
export interface PopulationCheckout {
  at: number
  amountFen: number
  storeId: string
}

/** A points movement: earn (+), redeem (−) or expire (−). */
export interface PopulationLedgerEntry {
  at: number
  type: Extract<LedgerType, 'earn' | 'redeem' | 'expire'>
  points: number
}

export interface PopulationMember {
  /** Position in the population: stable for a seed, so campaigns can remember whom they reached. */
  index: number
  id: string
  nickname: string
  joinedAt: number
  tierId: string
  homeStoreId: string
  /** Oldest first. */
  checkouts: PopulationCheckout[]
  /** Oldest first; the balance is its sum. */
  ledger: PopulationLedgerEntry[]
  balance: number
  /** Coupons used at a till: when, which template, and its face value. */
  couponsUsed: { at: number; templateId: string; faceFen: number }[]
}

export interface Population {
  seed: number
  /** The start of the Shanghai day the histories run up to (the demo clock's day when made). */
  day: number
  members: PopulationMember[]
}

/** The served size and seed of the demo population. */
export const POPULATION = { size: 2_400, seed: 20_261_130 } as const

/** mulberry32: a small, fast, seedable generator (deterministic across platforms). */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A standard normal draw (Box–Muller). */
function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd())
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤'
const GIVEN =
  '一子小晓雨欣佳思梓浩宇涵轩怡若诗嘉文博俊明伟芳娜静丽敏婷磊洋勇艳杰涛超秀霞平刚桂英华玉兰萍红云飞鹏辉晨阳悦然'

/** Stores weighted as a city chain's are: the Shanghai flagships busiest. */
const STORE_WEIGHTS: [string, number][] = [
  ['s-xuhui', 26],
  ['s-jingan', 24],
  ['s-xintiandi', 18],
  ['s-pudong', 16],
  ['s-hangzhou', 9],
  ['s-beijing', 7],
].filter(([id]) => DEFAULT_STORES.some((s) => s.id === id)) as [string, number][]

function pick<T>(rnd: () => number, weighted: readonly [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0)
  let x = rnd() * total
  for (const [value, w] of weighted) {
    x -= w
    if (x < 0) return value
  }
  return weighted[weighted.length - 1][0]
}

/** Points a redeemer saves up for (the catalogue's cheaper rewards are the common ones). */
const REDEEM_AT: [number, number][] = [
  [500, 35],
  [600, 25],
  [900, 20],
  [2_000, 12],
  [3_000, 8],
]

/** The welcome coupon (¥10 off ¥50) and the member-day and birthday coupons members use. */
const COUPON_USES: { templateId: string; faceFen: number }[] = [
  { templateId: 't-welcome', faceFen: 1_000 },
  { templateId: 't-5off', faceFen: 500 },
  { templateId: 't-latte', faceFen: 3_800 },
  { templateId: 't-cake', faceFen: 3_200 },
]

/** What kind of member, before the dice: share of the population and the pattern of their visits. */
type Kind = 'new' | 'active' | 'lapsing' | 'dormant' | 'never'
const KINDS: [Kind, number][] = [
  ['new', 4],
  ['active', 56],
  ['lapsing', 14],
  ['dormant', 21],
  ['never', 5],
]

function member(seed: number, index: number, day: number, programme: Programme): PopulationMember {
  const rnd = random(seed ^ Math.imul(index + 1, 0x9e3779b1))
  const tiers = programme.tiers
  const kind = pick(rnd, KINDS)
  const tenureDays = kind === 'new' ? Math.floor(rnd() * 29) : 30 + Math.floor(Math.pow(rnd(), 0.8) * 1_070)
  const joinedAt = day - tenureDays * DAY_MS + Math.floor(9 + rnd() * 11) * 3_600_000
  // Heavy tails: visits a year and the usual ticket are log-normal, so a fifth of members bring most sales.
  const perYear = Math.min(150, Math.exp(1.55 + 0.95 * normal(rnd)))
  const ticketFen = Math.round(Math.exp(Math.log(6_800) + 0.45 * normal(rnd)) / 100) * 100
  const homeStoreId = pick(rnd, STORE_WEIGHTS)
  // When the member stopped coming (days ago): now for the active, months ago for the lapsing, long ago for the dormant.
  const lastDaysAgo =
    kind === 'active'
      ? 1 + Math.floor(rnd() * Math.min(40, 365 / Math.max(perYear, 1)))
      : kind === 'lapsing'
        ? 45 + Math.floor(rnd() * 110)
        : kind === 'dormant'
          ? 180 + Math.floor(rnd() * 500)
          : 0
  const checkouts: PopulationCheckout[] = []
  if (kind !== 'never') {
    // Walk back from the last visit (yesterday at the latest) with exponential gaps until the join date.
    let d = kind === 'new' ? 1 + Math.floor(rnd() * tenureDays) : lastDaysAgo
    const days: number[] = []
    while (d <= tenureDays && days.length < 400) {
      days.push(d)
      d += Math.max(1, Math.round((-Math.log(Math.max(rnd(), 1e-9)) * 365) / perYear))
      if (kind === 'new' && rnd() < 0.5) break
    }
    days.reverse()
    for (const ago of days) {
      const amountFen = Math.max(1_800, Math.round((ticketFen * (0.6 + rnd() * 0.8)) / 100) * 100)
      const storeId = rnd() < 0.8 ? homeStoreId : pick(rnd, STORE_WEIGHTS)
      const at = day - ago * DAY_MS + Math.floor(8 + rnd() * 12) * 3_600_000 + Math.floor(rnd() * 60) * 60_000
      if (at >= joinedAt && at < day) checkouts.push({ at, amountFen, storeId })
    }
  }

  // Points: each checkout earns a lot (at the tier's multiplier then), lots expire a year on, redeemers spend.
  // Lots are earned in expiry order, so the live ones are a window [head, end) of the list: one pass.
  const ledger: PopulationLedgerEntry[] = []
  const lots: { expiresAt: number; remaining: number }[] = []
  let head = 0
  let live = 0
  const couponsUsed: PopulationMember['couponsUsed'] = []
  const redeemer = rnd() < 0.7
  const saveFor = pick(rnd, REDEEM_AT)
  let tier = 0
  let windowStart = 0
  let windowSpend = 0
  const expireUpTo = (t: number) => {
    for (; head < lots.length && lots[head].expiresAt <= t; head++) {
      const lot = lots[head]
      if (lot.remaining > 0) ledger.push({ at: lot.expiresAt, type: 'expire', points: -lot.remaining })
      live -= lot.remaining
      lot.remaining = 0
    }
  }
  for (let i = 0; i < checkouts.length; i++) {
    const c = checkouts[i]
    expireUpTo(c.at)
    // The rolling 12 months (visits are at most one a day here, so checkouts count as visits).
    windowSpend += c.amountFen
    while (checkouts[windowStart].at <= c.at - 365 * DAY_MS) windowSpend -= checkouts[windowStart++].amountFen
    const visits = i - windowStart + 1
    while (tier + 1 < tiers.length && (windowSpend >= tiers[tier + 1].spendFen || visits >= tiers[tier + 1].visits))
      tier++
    const points = pointsForSpend(c.amountFen, tiers[tier].multiplierPct)
    ledger.push({ at: c.at, type: 'earn', points })
    lots.push({ expiresAt: lotExpiry(c.at), remaining: points })
    live += points
    if (i === 0 && rnd() < 0.6 && c.amountFen >= 5_000 && c.at - joinedAt < 30 * DAY_MS)
      couponsUsed.push({ at: c.at, ...COUPON_USES[0] })
    else if (rnd() < 0.035) couponsUsed.push({ at: c.at, ...COUPON_USES[1 + Math.floor(rnd() * 3)] })
    if (redeemer && live >= saveFor && rnd() < 0.85) {
      const at = c.at + 60_000
      let left = saveFor
      for (let k = head; k < lots.length && left > 0; k++) {
        const take = Math.min(left, lots[k].remaining)
        lots[k].remaining -= take
        left -= take
      }
      live -= saveFor
      ledger.push({ at, type: 'redeem', points: -saveFor })
    }
  }
  expireUpTo(day)
  ledger.sort((a, b) => a.at - b.at)
  // The tier held now: what the last 12 months qualify for (the anniversary review is not replayed here).
  const recent = checkouts.filter((c) => c.at > day - 365 * DAY_MS)
  const spend = recent.reduce((s, c) => s + c.amountFen, 0)
  let held = 0
  for (let t = 1; t < tiers.length; t++)
    if (spend >= tiers[t].keepSpendFen || recent.length >= tiers[t].keepVisits) held = t
  const name = SURNAMES[Math.floor(rnd() * SURNAMES.length)] + GIVEN[Math.floor(rnd() * GIVEN.length)]
  return {
    index,
    id: `pop-${String(index + 1).padStart(5, '0')}`,
    nickname: rnd() < 0.6 ? name + GIVEN[Math.floor(rnd() * GIVEN.length)] : name,
    joinedAt,
    tierId: tiers[held].id,
    homeStoreId,
    checkouts,
    ledger,
    balance: ledger.reduce((s, e) => s + e.points, 0),
    couponsUsed,
  }
}

/** The population as of the Shanghai day of `now`: the same members and histories for the same seed and day. */
export function generatePopulation(
  now: number,
  programme: Programme,
  size: number = POPULATION.size,
  seed: number = POPULATION.seed,
): Population {
  const day = shanghai(now).startOf('day').valueOf()
  const members: PopulationMember[] = []
  for (let i = 0; i < size; i++) members.push(member(seed, i, day, programme))
  return { seed, day, members }
}

/** The one population kept in memory (per backend process), made again when the demo day moves. */
let cached: Population | null = null

/** The demo population for the console as of `now`: made on first use, kept until the demo day changes. */
export function populationFor(now: number, programme: Programme): Population {
  const day = shanghai(now).startOf('day').valueOf()
  if (!cached || cached.day !== day || cached.members.length !== POPULATION.size)
    cached = generatePopulation(now, programme)
  return cached
}
