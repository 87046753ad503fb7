/**
 * Points and the rewards mall: the catalogue, redemption (soonest-expiring lots first; idempotent
 * at the router; refused with nothing deducted when points, stock or tier fall short), the wallet,
 * the ledger a page at a time, and "what your expiring points buy".
 */
import type { LedgerPage, LedgerType, PointsSummary, Reward, WalletItem } from '../../src/api/contract'
import { balanceOf, consumeLots } from '../../src/domain/points'
import { DAY_MS, shanghai } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import type { Db, MemberRecord, RewardRecord, WalletRecord } from './db'
import { ApiFailure } from './failure'
import { redeemBlock, type RedeemBlock } from '../../src/domain/rewards'
import { grant } from './coupons'
import { pictureFor } from './pictures'

export const DEFAULT_REWARDS: RewardRecord[] = [
  {
    id: 'r-latte',
    name: '拿铁兑换券',
    kind: 'coupon',
    description: '任意门店兑换中杯拿铁一杯',
    points: 600,
    stock: 999,
    minTierId: null,
    measure: { unit: '杯', noun: '拿铁' },
    validDays: 30,
    couponTemplateId: 't-latte',
  },
  {
    id: 'r-5off',
    name: '¥5 代金券',
    kind: 'coupon',
    description: '满 ¥30 可用，门店与小程序点单通用',
    points: 500,
    stock: 999,
    minTierId: null,
    measure: { unit: '张', noun: '代金券（¥5）' },
    validDays: 30,
    couponTemplateId: 't-5off',
  },
  {
    id: 'r-cake',
    name: '经典芝士蛋糕券',
    kind: 'coupon',
    description: '兑换芝士蛋糕一份',
    points: 900,
    stock: 200,
    minTierId: null,
    measure: { unit: '份', noun: '芝士蛋糕' },
    validDays: 30,
    couponTemplateId: 't-cake',
  },
  {
    id: 'r-drip',
    name: '精品挂耳礼盒',
    kind: 'gift',
    description: '10 包装，门店凭兑换码领取',
    points: 3000,
    stock: 20,
    minTierId: null,
    measure: { unit: '盒', noun: '挂耳礼盒' },
    validDays: 60,
  },
  {
    id: 'r-mug',
    name: '栖木限定马克杯',
    kind: 'gift',
    description: '年度限定，门店凭兑换码领取',
    points: 5000,
    stock: 3,
    minTierId: 'silver',
    measure: { unit: '个', noun: '限定马克杯' },
    validDays: 60,
  },
  {
    id: 'r-cinema',
    name: '合作影院观影券',
    kind: 'partner',
    description: '栖木 × 光影影院，2D 影片一张',
    points: 4000,
    stock: 50,
    minTierId: 'gold',
    measure: { unit: '张', noun: '观影券' },
    validDays: 90,
  },
  {
    id: 'r-tea',
    name: '双人下午茶',
    kind: 'gift',
    description: '黑金专享，任意门店预约',
    points: 8000,
    stock: 10,
    minTierId: 'black',
    measure: { unit: '份', noun: '双人下午茶' },
    validDays: 90,
  },
  {
    id: 'r-xmas',
    name: '圣诞限定随行杯',
    kind: 'gift',
    description: '节日限定',
    points: 2000,
    stock: 0,
    minTierId: null,
    measure: { unit: '个', noun: '随行杯' },
    validDays: 60,
  },
]

/** The reference for "what points buy" when it is affordable: a latte, the thing members buy most. */
const VALUE_REFERENCE = 'r-latte'

export function rewardView(db: Db, r: RewardRecord): Reward {
  const tier = r.minTierId ? db.programme.tiers.find((t) => t.id === r.minTierId) : null
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    description: r.description,
    points: r.points,
    stock: r.stock,
    minTierId: r.minTierId,
    minTierName: tier?.name ?? null,
    measure: r.measure,
    image: pictureFor(r.id),
  }
}

export function walletView(w: WalletRecord, now: number): WalletItem {
  const status = w.status === 'available' && w.expiresAt <= now ? 'expired' : w.status
  return {
    id: w.id,
    kind: w.kind,
    name: w.name,
    description: w.description,
    code: w.code,
    status,
    obtainedAt: w.obtainedAt,
    expiresAt: w.expiresAt,
  }
}

/** "2 杯拿铁": what `points` buy, from the rewards a member could redeem today. */
export function whatPointsBuy(db: Db, member: MemberRecord, points: number): { text: string; rewardId: string } | null {
  const tiers = db.programme.tiers
  const mine = tierIndex(tiers, member.tierId)
  const open = db.rewards.filter(
    (r) => r.stock > 0 && (!r.minTierId || tierIndex(tiers, r.minTierId) <= mine) && r.points <= points,
  )
  if (open.length === 0) return null
  const pick = open.find((r) => r.id === VALUE_REFERENCE) ?? open.reduce((a, b) => (b.points > a.points ? b : a))
  return { text: `${Math.floor(points / pick.points)} ${pick.measure.unit}${pick.measure.noun}`, rewardId: pick.id }
}

export function pointsSummary(db: Db, member: MemberRecord, now: number): PointsSummary {
  const horizon = now + db.programme.horizons.expiringWithinDays * DAY_MS
  const byDay = new Map<number, number>()
  for (const lot of member.lots) {
    if (lot.remaining <= 0 || lot.expiresAt <= now || lot.expiresAt > horizon) continue
    const day = shanghai(lot.expiresAt).endOf('day').valueOf()
    byDay.set(day, (byDay.get(day) ?? 0) + lot.remaining)
  }
  const expiring = [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([date, points]) => {
      const buys = whatPointsBuy(db, member, points)
      return { date, points, buys: buys?.text ?? null, rewardId: buys?.rewardId ?? null }
    })
  const balance = balanceOf(member.ledger)
  return { balance, balanceBuys: whatPointsBuy(db, member, balance)?.text ?? null, expiring }
}

export const LEDGER_PAGE_MAX = 100

/**
 * A page of the ledger, newest first. The cursor is the position in the member's newest-first
 * order of that type, so pages never overlap or skip while entries are only appended.
 */
export function ledgerPage(
  member: MemberRecord,
  type: LedgerType | undefined,
  cursor: number,
  limit: number,
): LedgerPage {
  const ordered = orderedLedger(member, type)
  const size = Math.min(Math.max(1, limit), LEDGER_PAGE_MAX)
  // Newest first; `cursor` counts from the oldest, so entries appended later do not shift a page.
  const end = cursor > 0 ? Math.min(cursor, ordered.length) : ordered.length
  const start = Math.max(0, end - size)
  const entries = ordered.slice(start, end).reverse()
  return { entries, nextCursor: start > 0 ? start : null, total: ordered.length }
}

// Sorting 10,000 entries for every page would be wasteful: keep the last order per member and type.
const orderCache = new WeakMap<MemberRecord, Map<string, { length: number; list: MemberRecord['ledger'] }>>()

function orderedLedger(member: MemberRecord, type: LedgerType | undefined) {
  let perMember = orderCache.get(member)
  if (!perMember) orderCache.set(member, (perMember = new Map()))
  const key = type ?? '*'
  const cached = perMember.get(key)
  if (cached && cached.length === member.ledger.length) return cached.list
  const list = member.ledger
    .filter((e) => !type || e.type === type)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e)
  perMember.set(key, { length: member.ledger.length, list })
  return list
}

/** 12 random digits after QM, unique among issued vouchers: a code cannot be worked out from a card id. */
function voucherCode(db: Db, randomHex: (bytes: number) => string): string {
  const taken = new Set(Object.values(db.members).flatMap((m) => m.wallet.map((w) => w.code)))
  for (;;) {
    // Two 6-digit halves from 3 random bytes each (no BigInt in the mini-program's older engines).
    const half = () => (parseInt(randomHex(3), 16) % 1_000_000).toString().padStart(6, '0')
    const digits = half() + half()
    const code = `QM${digits}`
    if (!taken.has(code)) return code
  }
}

const REFUSAL: Record<RedeemBlock['kind'], { status: number; code: string }> = {
  tier: { status: 403, code: 'tier_too_low' },
  stock: { status: 409, code: 'out_of_stock' },
  points: { status: 409, code: 'insufficient_points' },
}

export function redeem(
  db: Db,
  member: MemberRecord,
  rewardId: string,
  now: number,
  randomHex: (bytes: number) => string,
): { item: WalletItem; balance: number } {
  const reward = db.rewards.find((r) => r.id === rewardId)
  if (!reward) throw new ApiFailure(404, 'reward_unknown', '该礼品已下架，请刷新后再看看')
  const tiers = db.programme.tiers
  const view = rewardView(db, reward)
  const minTierIndex = reward.minTierId ? tierIndex(tiers, reward.minTierId) : null
  const block = redeemBlock(
    { ...view, minTierIndex },
    { points: balanceOf(member.ledger), tierIndex: tierIndex(tiers, member.tierId) },
  )
  if (block) throw new ApiFailure(REFUSAL[block.kind].status, REFUSAL[block.kind].code, block.reason)
  const lots = consumeLots(member.lots, reward.points, now)
  if (!lots) throw new ApiFailure(409, 'insufficient_points', `积分不足：兑换${reward.name}需要 ${reward.points} 积分`)
  member.lots = lots
  member.ledger.push({
    id: `e-${++member.seq}`,
    at: now,
    type: 'redeem',
    points: -reward.points,
    note: `兑换 ${reward.name}`,
  })
  reward.stock -= 1
  const item: WalletRecord = {
    id: `w-${++member.seq}`,
    rewardId: reward.id,
    kind: reward.kind,
    name: reward.name,
    description: reward.description,
    code: voucherCode(db, randomHex),
    status: 'available',
    obtainedAt: now,
    expiresAt: shanghai(now + reward.validDays * DAY_MS)
      .endOf('day')
      .valueOf(),
  }
  member.wallet.push(item)
  // A coupon also lands among the member's coupons, so the till can write it off.
  if (reward.couponTemplateId) grant(db, member, reward.couponTemplateId, now, '积分兑换')
  return { item: walletView(item, now), balance: balanceOf(member.ledger) }
}
