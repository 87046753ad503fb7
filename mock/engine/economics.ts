/**
 * The programme's economics for the operator console, this calendar year (Shanghai): points issued,
 * redeemed and expired (from the ledgers), what the outstanding points may still cost, and what the
 * programme costs (redemptions at their value, coupons at face, partner perks at their served cost,
 * trial vouchers) as a share of member sales, next to a traditional programme's.
 */
import type { Economics } from '../../src/api/contract'
import { balanceOf } from '../../src/domain/points'
import { fromShanghaiWall, shanghaiWall } from '../../src/domain/time'
import type { Db } from './db'
import { TRIAL_COUPON_TEMPLATES } from './officers'
import type { Population } from './population'
import { CONSOLE_RULES } from './programme'

const RULES = CONSOLE_RULES.economics
const TRIAL_TEMPLATES: ReadonlySet<string> = new Set(TRIAL_COUPON_TEMPLATES.map((t) => t.id))
const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0)

interface Month {
  issued: number
  redeemed: number
  expired: number
  memberSalesFen: number
}

/** The economics as of `now`, over the state's members and the demo population (pass none for the state alone). */
export function economics(db: Db, now: number, population: Population | null): Economics {
  const wall = shanghaiWall(now)
  const year = wall.getUTCFullYear()
  const months = wall.getUTCMonth() + 1
  const starts = Array.from({ length: months + 1 }, (_, m) => fromShanghaiWall(year, m, 1))
  const monthly: Month[] = Array.from({ length: months }, () => ({
    issued: 0,
    redeemed: 0,
    expired: 0,
    memberSalesFen: 0,
  }))
  /** The month of this year `at` falls in, or null (another year, or later than now). */
  const monthOf = (at: number): Month | null => {
    if (at < starts[0] || at > now) return null
    let m = months - 1
    while (m > 0 && at < starts[m]) m--
    return monthly[m]
  }
  const ledgerEntry = (at: number, type: string, points: number) => {
    const month = monthOf(at)
    if (!month) return
    // A refund takes back what its checkout earned: it counts against the points issued.
    if (type === 'earn' || type === 'refund') month.issued += points
    else if (type === 'redeem') month.redeemed -= points
    else if (type === 'expire') month.expired -= points
  }
  let outstanding = 0
  let couponsFen = 0
  let trialVouchers = 0
  let partnerPerksFen = 0

  for (const m of Object.values(db.members)) {
    for (const e of m.ledger) ledgerEntry(e.at, e.type, e.points)
    outstanding += balanceOf(m.ledger)
    for (const c of m.checkouts) if (!c.refundedAt) addSale(c.at, c.amountFen)
    for (const c of m.coupons) {
      if (c.status !== 'used' || c.usedAt === null || !monthOf(c.usedAt)) continue
      if (TRIAL_TEMPLATES.has(c.templateId)) trialVouchers++
      else couponsFen += db.couponTemplates.find((t) => t.id === c.templateId)?.valueFen ?? 0
    }
    for (const claim of m.partnerClaims ?? [])
      if (monthOf(claim.claimedAt)) partnerPerksFen += db.partnerPerks.find((p) => p.id === claim.perkId)?.valueFen ?? 0
  }
  function addSale(at: number, amountFen: number) {
    const month = monthOf(at)
    if (month) month.memberSalesFen += amountFen
  }
  for (const m of population?.members ?? []) {
    for (const e of m.ledger) ledgerEntry(e.at, e.type, e.points)
    outstanding += m.balance
    for (const c of m.checkouts) addSale(c.at, c.amountFen)
    for (const c of m.couponsUsed) if (monthOf(c.at)) couponsFen += c.faceFen
  }

  const sum = (k: keyof Month) => monthly.reduce((s, m) => s + m[k], 0)
  const issued = sum('issued')
  const redeemed = sum('redeemed')
  const expired = sum('expired')
  const memberSalesFen = sum('memberSalesFen')
  // A point is worth ¥1 / pointsPerYuan when redeemed.
  const fenPerPoint = 100 / db.programme.pointsPerYuan
  const redemptionsFen = Math.round(redeemed * fenPerPoint)
  const trialVouchersFen = trialVouchers * RULES.trialVoucherCostFen
  const totalFen = redemptionsFen + couponsFen + partnerPerksFen + trialVouchersFen

  // Members' share of sales: measured at the tills when they rang up anonymous checkouts this year, else served.
  let tillMember = 0
  let tillAnonymous = 0
  for (const r of Object.values(db.receipts)) {
    if (r.refund || !monthOf(r.at)) continue
    if (r.memberId === null) tillAnonymous += r.amountFen
    else tillMember += r.amountFen
  }
  const measured = tillAnonymous > 0
  const memberSharePct = measured ? pct(tillMember, tillMember + tillAnonymous) : RULES.memberSalesSharePct
  const nonMemberSalesFen =
    memberSharePct > 0 ? Math.round((memberSalesFen * (100 - memberSharePct)) / memberSharePct) : 0

  return {
    asOf: now,
    year,
    rules: {
      earnPointsPerYuan: db.programme.tiers[0].multiplierPct / 100,
      pointsPerYuan: db.programme.pointsPerYuan,
      expectedRedemptionPct: RULES.expectedRedemptionPct,
      traditionalCostPct: RULES.traditionalCostPct,
      trialVoucherCostFen: RULES.trialVoucherCostFen,
    },
    points: {
      issued,
      redeemed,
      expired,
      outstanding,
      liabilityFen: Math.round((outstanding * fenPerPoint * RULES.expectedRedemptionPct) / 100),
      redemptionRatePct: pct(redeemed, issued),
      breakagePct: pct(expired, redeemed + expired),
    },
    cost: {
      redemptionsFen,
      couponsFen,
      partnerPerksFen,
      trialVouchersFen,
      totalFen,
      shareOfMemberSalesPct: pct(totalFen, memberSalesFen),
    },
    sales: {
      memberSalesFen,
      nonMemberSalesFen,
      memberSharePct,
      nonMemberSource: measured ? 'checkouts' : 'assumption',
    },
    monthly: monthly.map((m, i) => ({ month: `${year}-${String(i + 1).padStart(2, '0')}`, ...m })),
  }
}
