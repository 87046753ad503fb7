/**
 * 联盟权益: partner brands' perks that come with a tier, free, once per period (month, quarter,
 * year), with a stock per period. A claim gives a partner code (idempotent at the router). The
 * rewards mall's partner items bought with points are another thing (rewards.ts).
 */
import type { PartnerPerk, PersonaId } from '../../src/api/contract'
import { nextPeriodText, periodKey, periodLabel } from '../../src/domain/periods'
import { DAY_MS, shanghai } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import type { Db, MemberRecord, PartnerClaimRecord, PartnerPerkRecord } from './db'
import { ApiFailure } from './failure'

/** The perks; `claimed` starts empty (the camp perk is seeded sold out for the demo). */
export const DEFAULT_PARTNER_PERKS: Omit<PartnerPerkRecord, 'claimed'>[] = [
  {
    id: 'p-video',
    partner: '青柚视频',
    title: 'VIP 会员月卡',
    description: '青柚视频 VIP 一个月：热门剧集抢先看，免广告',
    howToUse: '打开青柚视频 App →「我的」→「兑换中心」，输入兑换码即可开通',
    minTierId: 'black',
    period: 'month',
    stockPerPeriod: 100,
    valueFen: 1_500,
    codePrefix: 'QY',
    codeValidDays: 30,
  },
  {
    id: 'p-bike',
    partner: '小蓝单车',
    title: '7 天骑行卡',
    description: '7 天内不限次骑行，每次 2 小时内免费',
    howToUse: '小蓝单车小程序 →「钱包」→「骑行卡兑换」，输入兑换码后 7 天内有效',
    minTierId: 'gold',
    period: 'month',
    stockPerPeriod: 300,
    valueFen: 600,
    codePrefix: 'XL',
    codeValidDays: 30,
  },
  {
    id: 'p-books',
    partner: '半亩书店',
    title: '全场 9 折',
    description: '图书与文创 9 折，每张码限用一次',
    howToUse: '在半亩书店结账时出示兑换码，店员核销后即享 9 折',
    minTierId: null,
    period: 'quarter',
    stockPerPeriod: 1_000,
    valueFen: 300,
    codePrefix: 'BM',
    codeValidDays: 60,
  },
  {
    id: 'p-camp',
    partner: '山野营地',
    title: '周末营位 8 折',
    description: '上海周边 6 个营地，周末营位 8 折',
    howToUse: '在山野营地公众号预订时填写兑换码，入营时出示会员卡',
    minTierId: 'gold',
    period: 'month',
    stockPerPeriod: 20,
    valueFen: 4_000,
    codePrefix: 'SY',
    codeValidDays: 30,
  },
]

export function seedPartnerPerks(now: number): PartnerPerkRecord[] {
  return DEFAULT_PARTNER_PERKS.map((p) => ({
    ...p,
    // The camp's monthly places are gone this month in the demo: the why-not line shows it.
    claimed: { period: periodKey(p.period, now), count: p.id === 'p-camp' ? p.stockPerPeriod : 0 },
  }))
}

/** Claims so far in the period `now` is in (a new period starts at 0). */
function claimedNow(p: PartnerPerkRecord, now: number): number {
  return p.claimed.period === periodKey(p.period, now) ? p.claimed.count : 0
}

function claimIn(member: MemberRecord, p: PartnerPerkRecord, now: number): PartnerClaimRecord | undefined {
  const key = periodKey(p.period, now)
  return (member.partnerClaims ?? []).find((c) => c.perkId === p.id && c.period === key)
}

function audience(db: Db, p: PartnerPerkRecord): string {
  if (!p.minTierId) return '全部会员'
  const tiers = db.programme.tiers
  const i = tierIndex(tiers, p.minTierId)
  return i === tiers.length - 1 ? `${tiers[i].name}会员专享` : `${tiers[i].name}及以上会员`
}

/** Why this member may not claim it now (tier, claimed this period, none left), or null. */
function refusal(db: Db, p: PartnerPerkRecord, member: MemberRecord, now: number): ApiFailure | null {
  const tiers = db.programme.tiers
  if (p.minTierId && tierIndex(tiers, member.tierId) < tierIndex(tiers, p.minTierId)) {
    const who = audience(db, p)
    const mine = tiers[tierIndex(tiers, member.tierId)].name
    return new ApiFailure(403, 'perk_tier', `${who.endsWith('专享') ? who : `${who}专享`}，你目前是${mine}`)
  }
  const label = periodLabel(p.period)
  if (claimIn(member, p, now))
    return new ApiFailure(409, 'perk_claimed', `${label}已领取，${nextPeriodText(p.period, now)}可再领`)
  if (claimedNow(p, now) >= p.stockPerPeriod)
    return new ApiFailure(409, 'perk_sold_out', `${label}名额已领完，${nextPeriodText(p.period, now)}再来`)
  return null
}

export function perkView(db: Db, p: PartnerPerkRecord, member: MemberRecord, now: number): PartnerPerk {
  const why = refusal(db, p, member, now)
  const claim = claimIn(member, p, now)
  const status: PartnerPerk['status'] = !why
    ? 'claimable'
    : why.code === 'perk_tier'
      ? 'locked'
      : why.code === 'perk_claimed'
        ? 'claimed'
        : 'sold_out'
  return {
    id: p.id,
    partner: p.partner,
    title: p.title,
    description: p.description,
    howToUse: p.howToUse,
    minTierId: p.minTierId,
    audience: audience(db, p),
    period: p.period,
    periodLabel: periodLabel(p.period),
    stockPerPeriod: p.stockPerPeriod,
    left: Math.max(0, p.stockPerPeriod - claimedNow(p, now)),
    valueFen: p.valueFen,
    status,
    reason: why?.userMessage ?? null,
    claim: claim ? { code: claim.code, claimedAt: claim.claimedAt, expiresAt: claim.expiresAt } : null,
  }
}

/** Claimable first, then claimed, then the ones out of reach. */
export function perksFor(db: Db, member: MemberRecord, now: number): PartnerPerk[] {
  const order = { claimable: 0, claimed: 1, sold_out: 2, locked: 3 }
  return db.partnerPerks.map((p) => perkView(db, p, member, now)).sort((a, b) => order[a.status] - order[b.status])
}

function addClaim(p: PartnerPerkRecord, member: MemberRecord, code: string, now: number): void {
  const key = periodKey(p.period, now)
  p.claimed = { period: key, count: claimedNow(p, now) + 1 }
  member.partnerClaims = [
    ...(member.partnerClaims ?? []),
    {
      perkId: p.id,
      period: key,
      code,
      claimedAt: now,
      expiresAt: shanghai(now + (p.codeValidDays - 1) * DAY_MS)
        .endOf('day')
        .valueOf(),
    },
    // Two years of monthly claims of every perk is plenty to answer "claimed this period".
  ].slice(-200)
}

export function claim(
  db: Db,
  member: MemberRecord,
  perkId: string,
  now: number,
  randomHex: (bytes: number) => string,
): PartnerPerk {
  const p = db.partnerPerks.find((x) => x.id === perkId)
  if (!p) throw new ApiFailure(404, 'perk_unknown', '这项联盟权益已下架，请刷新后再看看')
  const why = refusal(db, p, member, now)
  if (why) throw why
  addClaim(p, member, `${p.codePrefix}${randomHex(5).toUpperCase()}`, now)
  return perkView(db, p, member, now)
}

/** A member record is replaced (a persona rebuilt): its claims this period no longer count against the stock. */
export function forgetClaims(db: Db, member: MemberRecord): void {
  for (const c of member.partnerClaims ?? []) {
    const p = db.partnerPerks.find((x) => x.id === c.perkId)
    if (p && c.period === p.claimed.period) p.claimed.count = Math.max(0, p.claimed.count - 1)
  }
}

/** The demo personas' claims this period: black has taken the video month. */
export function seedPersona(db: Db, member: MemberRecord, persona: PersonaId, now: number): void {
  if (persona !== 'black') return
  const video = db.partnerPerks.find((p) => p.id === 'p-video')
  // Two days ago, but within this month (on the 1st, "two days ago" would be last month's claim).
  const monthStart = shanghai(now).startOf('month').valueOf()
  const at = Math.min(now, Math.max(now - 2 * DAY_MS, monthStart + 60 * 60 * 1000))
  if (video) addClaim(video, member, `QY${member.cardId.slice(-4)}0A1`, at)
}
