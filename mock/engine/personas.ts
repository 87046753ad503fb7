/**
 * Demo personas: each is built by replaying a believable history (checkouts over months, points
 * earned as lots, redemptions, expiries, tier changes) through the same rules the engine applies,
 * so every figure on a persona's card is one the engine itself would have produced.
 */
import type { Persona, PersonaId, Programme } from '../../src/api/contract'
import { consumeLots, dueForExpiry, lotExpiry } from '../../src/domain/points'
import { DAY_MS } from '../../src/domain/time'
import {
  pointsForSpend,
  rollingStats,
  settleAnniversaries,
  statsBetween,
  tierAfterCheckout,
  tierIndex,
} from '../../src/domain/tiers'
import { addYears } from '../../src/domain/time'
import type { CheckoutRecord, MemberRecord } from './db'
import { formatYuan } from '../../src/domain/money'
import { DEFAULT_STORES } from './stores'

interface PersonaSpec extends Persona {
  cardId: string
  nickname: string
  phone: string
  city: string
  birthday: string | null
  joinedDaysAgo: number
  /** [days ago, amount in fen] */
  checkouts: [number, number][]
  /** [days ago, points, what was redeemed] */
  redemptions?: [number, number, string][]
}

const STORES = ['s-xuhui', 's-jingan', 's-pudong']
const storeNameOf = (id: string) => DEFAULT_STORES.find((s) => s.id === id)?.name ?? '门店'

function blackCheckouts(): [number, number][] {
  const out: [number, number][] = []
  for (let i = 0; i < 40; i++) out.push([4 + i * 9, 52_000 + ((i * 7919) % 28_000)])
  for (let i = 0; i < 30; i++) out.push([372 + i * 12, 45_000 + ((i * 3571) % 20_000)])
  return out
}

export const PERSONA_SPECS: Record<PersonaId, PersonaSpec> = {
  new: {
    id: 'new',
    title: '新会员',
    description: '刚刚入会，0 积分',
    cardId: '1000000001',
    nickname: '小新',
    phone: '13800000001',
    city: '上海',
    birthday: null,
    joinedDaysAgo: 0,
    checkouts: [],
  },
  silver: {
    id: 'silver',
    title: '银卡 · 即将升金',
    description: '再消费 ¥320 或到店 2 次即升金卡',
    cardId: '1000000002',
    nickname: '林小满',
    phone: '13800000002',
    city: '上海',
    birthday: '1994-05-20',
    joinedDaysAgo: 400,
    checkouts: [
      [390, 30_000],
      [330, 52_000],
      [290, 38_000],
      [250, 61_000],
      [210, 45_000],
      [170, 39_000],
      [130, 58_000],
      [95, 42_000],
      [60, 36_000],
      [30, 55_000],
      [8, 42_000],
    ],
    redemptions: [[100, 500, '兑换 ¥5 代金券']],
  },
  'gold-drop': {
    id: 'gold-drop',
    title: '金卡 · 即将降级',
    description: '20 天后到保级日，还差 ¥900 或 3 次到店',
    cardId: '1000000003',
    nickname: '周一一',
    phone: '13800000003',
    city: '杭州',
    birthday: '1988-11-02',
    joinedDaysAgo: 450,
    checkouts: [
      [420, 180_000],
      [390, 150_000],
      [345, 190_000],
      [300, 40_000],
      [240, 35_000],
      [180, 50_000],
      // No visit for two months: a valuable member lapsing (the console's 重要唤回), still within the keep year.
      [90, 45_000],
      [62, 40_000],
    ],
  },
  expiring: {
    id: 'expiring',
    title: '积分即将过期',
    description: '1,000 多积分将在 30 天内过期',
    cardId: '1000000004',
    nickname: '陈默',
    phone: '13800000004',
    city: '北京',
    birthday: '1990-02-14',
    joinedDaysAgo: 380,
    checkouts: [
      [352, 68_000],
      [345, 52_000],
      [200, 30_000],
      [60, 25_000],
    ],
  },
  black: {
    id: 'black',
    title: '黑金会员',
    description: '最高等级，常客',
    cardId: '1000000005',
    nickname: 'Vivian',
    phone: '13800000005',
    city: '上海',
    birthday: '1985-08-08',
    joinedDaysAgo: 800,
    checkouts: blackCheckouts(),
    redemptions: [
      [200, 5_000, '兑换 双人下午茶'],
      [40, 3_000, '兑换 精品挂耳礼盒'],
    ],
  },
}

export function personaList(): Persona[] {
  return Object.values(PERSONA_SPECS).map(({ id, title, description }) => ({ id, title, description }))
}

export function personaSubject(id: PersonaId): string {
  return `persona:${id}`
}

/** A member's account before anything has happened: no history, points, code secret or wallet. */
export function freshAccount() {
  return {
    checkouts: [],
    lots: [],
    ledger: [],
    seq: 0,
    codeSecret: null,
    usedCodeSteps: [],
    codeFailures: [],
    codeLockedUntil: 0,
    activity: [],
    wallet: [],
    messages: [],
    coupons: [],
    selectedCoupon: null,
    memberDayClaims: [],
    memberDayReminder: null,
  } satisfies Partial<MemberRecord>
}

/** Build the persona's member record as of `now` by replaying its history through the rules. */
export function buildPersona(id: PersonaId, programme: Programme, now: number): MemberRecord {
  const spec = PERSONA_SPECS[id]
  const tiers = programme.tiers
  const joinedAt = spec.joinedDaysAgo === 0 ? now - 10 * 60 * 1000 : now - spec.joinedDaysAgo * DAY_MS
  const member: MemberRecord = {
    id: `m-${id}`,
    cardId: spec.cardId,
    subject: personaSubject(id),
    phone: spec.phone,
    nickname: spec.nickname,
    birthday: spec.birthday,
    city: spec.city,
    joinedAt,
    tierId: tiers[0].id,
    tierSince: joinedAt,
    inviteCode: `MC${spec.cardId.slice(-4)}${id.length}`.toUpperCase(),
    invitedBy: null,
    ...freshAccount(),
  }
  type Event =
    { at: number; kind: 'checkout'; amountFen: number } | { at: number; kind: 'redeem'; points: number; note: string }
  const events: Event[] = [
    ...spec.checkouts.map(([d, amountFen]): Event => ({
      at: now - d * DAY_MS + 11 * 3600 * 1000,
      kind: 'checkout',
      amountFen,
    })),
    ...(spec.redemptions ?? []).map(([d, points, note]): Event => ({
      at: now - d * DAY_MS + 15 * 3600 * 1000,
      kind: 'redeem',
      points,
      note,
    })),
  ]
    .map((e) => ({ ...e, at: Math.min(e.at, now - 60 * 60 * 1000) }))
    .sort((a, b) => a.at - b.at)

  for (const e of events) {
    settleMember(member, programme, e.at)
    if (e.kind === 'checkout') {
      const rule = tiers[tierIndex(tiers, member.tierId)]
      const checkout: CheckoutRecord = {
        id: `c-${++member.seq}`,
        at: e.at,
        amountFen: e.amountFen,
        storeId: STORES[member.checkouts.length % STORES.length],
      }
      member.checkouts.push(checkout)
      const points = pointsForSpend(e.amountFen, rule.multiplierPct)
      member.lots.push({
        id: `l-${++member.seq}`,
        earnedAt: e.at,
        expiresAt: lotExpiry(e.at),
        points,
        remaining: points,
      })
      member.ledger.push({
        id: `e-${++member.seq}`,
        at: e.at,
        type: 'earn',
        points,
        // Worded as a till's checkout is: the store by name (the history shows where each visit was).
        note: `${storeNameOf(checkout.storeId)}消费 ${formatYuan(e.amountFen)}`,
      })
      const next = tierAfterCheckout(
        tiers,
        member.tierId,
        rollingStats(member.checkouts, e.at, programme.horizons.rollingMonths),
      )
      if (next !== member.tierId) {
        member.tierId = next
        member.tierSince = e.at
      }
    } else {
      const lots = consumeLots(member.lots, e.points, e.at)
      if (!lots) throw new Error(`persona ${id}: redemption of ${e.points} exceeds the balance`)
      member.lots = lots
      member.ledger.push({ id: `e-${++member.seq}`, at: e.at, type: 'redeem', points: -e.points, note: e.note })
    }
  }
  settleMember(member, programme, now)
  return member
}

/** Why the tier dropped and how to climb back, in words (a member always sees why). */
function dropMessage(
  member: MemberRecord,
  programme: Programme,
  history: CheckoutRecord[],
  drop: { at: number; fromId: string; toId: string },
) {
  const tiers = programme.tiers
  const from = tiers[tierIndex(tiers, drop.fromId)]
  const to = tiers[tierIndex(tiers, drop.toId)]
  const year = statsBetween(history, addYears(drop.at, -1), drop.at)
  const back = rollingStats(history, drop.at, programme.horizons.rollingMonths)
  const spend = Math.max(0, from.spendFen - back.spendFen)
  const visits = Math.max(0, from.visits - back.visits)
  return {
    id: `msg-${++member.seq}`,
    at: drop.at,
    title: `会员等级调整为${to.name}`,
    body:
      `过去一年你消费 ${formatYuan(year.spendFen)}、到店 ${year.visits} 次，未达到${from.name}保级条件（${formatYuan(from.keepSpendFen)} 或 ${from.keepVisits} 次），` +
      `等级调整为${to.name}，${to.name}权益照常享受。再消费 ${formatYuan(spend)} 或到店 ${visits} 次即可重回${from.name}。`,
  }
}

/** Whether the clock has passed a lot's expiry or a tier anniversary that changes something (no copying). */
export function needsSettle(member: MemberRecord, tiers: Programme['tiers'], now: number): boolean {
  if (dueForExpiry(member.lots, now).length > 0) return true
  const history = member.checkouts.filter((c) => !c.refundedAt)
  return (
    settleAnniversaries(tiers, { tierId: member.tierId, tierSince: member.tierSince }, history, now).drops.length > 0
  )
}

/** Run the clock-driven rules up to `now`: lot expiry and tier anniversaries. Mutates the record. */
export function settleMember(member: MemberRecord, programme: Programme, now: number): boolean {
  const tiers = programme.tiers
  let changed = false
  for (const lot of dueForExpiry(member.lots, now)) {
    member.ledger.push({
      id: `e-${++member.seq}`,
      at: lot.expiresAt,
      type: 'expire',
      points: -lot.remaining,
      note: '积分到期',
    })
    lot.remaining = 0
    changed = true
  }
  const history = member.checkouts.filter((c) => !c.refundedAt)
  const { holding, drops } = settleAnniversaries(
    tiers,
    { tierId: member.tierId, tierSince: member.tierSince },
    history,
    now,
  )
  if (drops.length > 0) {
    member.tierId = holding.tierId
    member.tierSince = holding.tierSince
    for (const drop of drops) member.messages.push(dropMessage(member, programme, history, drop))
    changed = true
  }
  return changed
}
