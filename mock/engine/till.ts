/**
 * The till side of the backend: member codes verified (current and previous 30 s step, each once,
 * constant-time compare, failures counted per card and per till with a lock-out), checkouts that
 * award points as lots and upgrade at once, refunds that reverse them, and receipt claims.
 * Every function works on a db draft inside Engine.transaction.
 */
import { hmacSha1 } from '../../src/domain/sha1'
import type { ActivityEvent, ClaimResult, Receipt, Refund, TillMember } from '../../src/api/contract'
import {
  bytesToHex,
  codeStep,
  constantTimeEqual,
  hexToBytes,
  otpForStep,
  parseMemberCode,
} from '../../src/domain/member-code'
import { maskCardId } from '../../src/domain/member'
import { formatYuan } from '../../src/domain/money'
import { balanceOf, lotExpiry, takeBack } from '../../src/domain/points'
import { DAY_MS } from '../../src/domain/time'
import { combinedMultiplierPct, formatMultiplier, memberDayAt } from '../../src/domain/member-day'
import { pointsForSpend, rollingStats, tierAfterCheckout, tierIndex } from '../../src/domain/tiers'
import type { CheckoutRecord, Db, MemberRecord, ReceiptRecord, TillRecord } from './db'
import { ApiFailure } from './failure'
import { own, put } from './records'
import { restore as restoreCoupons, writeOff } from './coupons'
import { isClosedCard, isErasedMember } from './account'

/**
 * Wrong codes, counted within FAILURE_WINDOW_MS, each limit locking for LOCK_MS:
 * - CARD_TILL_FAILURE_LIMIT (5) for one card at one till locks that card at that till only, so one
 *   till (card ids are sequential) cannot lock a member out of every other till;
 * - TILL_FAILURE_LIMIT (20) at one till, over all cards, locks the till itself;
 * - CARD_FAILURE_LIMIT (20) for one card over all tills locks the card everywhere: the burst limit
 *   against guessing across tills. One till stops at 5 per card, so that takes at least four tills.
 * A guess hits with odds 2 in 1,000,000 (two steps are accepted); at most 20 guesses per 25 minutes
 * per card gives an expected 600+ days of non-stop guessing per card.
 */
export const CARD_TILL_FAILURE_LIMIT = 5
export const CARD_FAILURE_LIMIT = 20
export const TILL_FAILURE_LIMIT = 20
export const FAILURE_WINDOW_MS = 10 * 60 * 1000
export const LOCK_MS = 15 * 60 * 1000
/** How far back an old code is recognised as expired rather than wrong. */
const EXPIRED_LOOKBACK_STEPS = 40
export const CLAIM_WINDOW_MS = 7 * DAY_MS

export function tillByKey(db: Db, key: string | undefined, now: number): TillRecord {
  const till = key ? db.tills.find((t) => constantTimeEqual(t.key, key)) : undefined
  if (!till) throw new ApiFailure(401, 'till_unauthorized', '收银台密钥无效，请联系门店管理员')
  if (till.lockedUntil > now) throw new ApiFailure(429, 'till_locked', '该收银台校验失败次数过多，已暂停使用 15 分钟')
  return till
}

export function storeName(db: Db, storeId: string): string {
  const store = db.stores.find((s) => s.id === storeId)
  if (!store) throw new ApiFailure(400, 'unknown_store', '门店编号不存在，请选择正确的门店')
  return store.name
}

/** The member whose card id this is, through the card index (never a look through all members). */
export function memberByCard(db: Db, cardId: string): MemberRecord | undefined {
  const member = own(db.members, own(db.byCard, cardId))
  return member?.cardId === cardId ? member : undefined
}

/** A till works for its own store only: another store's sale, lookup or refund is refused. */
export function ownStore(db: Db, till: TillRecord, storeId: string, what: string): void {
  const other = storeName(db, storeId)
  if (storeId !== till.storeId)
    throw new ApiFailure(403, 'till_other_store', `本收银台属于${storeName(db, till.storeId)}，不能为${other}${what}`)
}

function tierRef(db: Db, tierId: string) {
  const t = db.programme.tiers[tierIndex(db.programme.tiers, tierId)]
  return { id: t.id, name: t.name }
}

export function tillMember(member: MemberRecord, db: Db): TillMember {
  return {
    cardIdMasked: maskCardId(member.cardId),
    nickname: member.nickname,
    tierName: tierRef(db, member.tierId).name,
    points: balanceOf(member.ledger),
  }
}

/** The outcome of checking a code; a refusal is returned (not thrown) so its failure count is kept. */
export type CodeCheck = { ok: true; member: MemberRecord; step: number } | { ok: false; failure: ApiFailure }

/** Check a scanned code. Counts failures (and may lock) on the draft; never marks the step used. */
export function checkCode(db: Db, till: TillRecord, raw: string, now: number): CodeCheck {
  const refuse = (status: number, code: string, message: string): CodeCheck => ({
    ok: false,
    failure: new ApiFailure(status, code, message),
  })
  const noteTillFailure = () => {
    till.failures = [...till.failures.filter((t) => now - t < FAILURE_WINDOW_MS), now]
    if (till.failures.length >= TILL_FAILURE_LIMIT) till.lockedUntil = now + LOCK_MS
  }
  const parsed = parseMemberCode(raw)
  if (!parsed) return refuse(400, 'code_malformed', '会员码格式不正确（应为 66 开头的 18 位数字），请重新扫描')
  const member = memberByCard(db, parsed.cardId)
  // Not a guess: a closed card is told as such and counts as no failure.
  if (!member && isClosedCard(db, parsed.cardId))
    return refuse(410, 'card_closed', '该会员已注销账号，会员码已失效，可请顾客重新入会')
  if (!member || !member.codeSecret) {
    noteTillFailure()
    return refuse(404, 'code_unknown', '未找到该会员，请让顾客刷新会员码后重新出示')
  }
  if (member.codeLockedUntil > now)
    return refuse(423, 'code_locked', '该会员码校验失败次数过多，已临时锁定，请顾客 15 分钟后再试')
  if ((member.tillCodeLocks ?? []).some((l) => l.tillId === till.id && l.until > now))
    return refuse(423, 'code_locked', '该会员码在本收银台校验失败次数过多，已临时锁定，请顾客 15 分钟后再试')
  const step = codeStep(now)
  // The secret just replaced stays good for a short grace (its answer may not have reached the phone).
  const secrets = [
    member.codeSecret,
    ...(member.previousCodeSecret && member.previousCodeSecret.until > now ? [member.previousCodeSecret.secret] : []),
  ].map(hexToBytes)
  // Compare against every accepted step and secret, so timing says nothing about which matched.
  let matched: number | null = null
  for (const secret of secrets)
    for (const s of [step, step - 1])
      if (constantTimeEqual(otpForStep(secret, s), parsed.otp) && matched === null) matched = s
  if (matched !== null) {
    // A used step is refused, and so is a step before one used since (a photographed older code dies once
    // a newer one is used); steps used ahead of now, before the demo clock moved back, refuse only themselves.
    const at = matched
    if (member.usedCodeSteps.some((u) => u === at || (u > at && u <= step)))
      return refuse(409, 'code_used', '该会员码已使用过，请让顾客刷新后重新出示')
    return { ok: true, member, step: matched }
  }
  const secret = secrets[0]
  for (let s = step - 2; s >= step - EXPIRED_LOOKBACK_STEPS; s--) {
    if (constantTimeEqual(otpForStep(secret, s), parsed.otp))
      return refuse(410, 'code_expired', '会员码已过期，请让顾客刷新后重新出示')
  }
  member.codeFailures = [...member.codeFailures.filter((t) => now - t < FAILURE_WINDOW_MS), now]
  if (member.codeFailures.length >= CARD_FAILURE_LIMIT) member.codeLockedUntil = now + LOCK_MS
  member.tillCodeFailures = [
    ...(member.tillCodeFailures ?? []).filter((f) => now - f.at < FAILURE_WINDOW_MS),
    { tillId: till.id, at: now },
  ]
  if (member.tillCodeFailures.filter((f) => f.tillId === till.id).length >= CARD_TILL_FAILURE_LIMIT) {
    member.tillCodeLocks = [
      ...(member.tillCodeLocks ?? []).filter((l) => l.until > now && l.tillId !== till.id),
      { tillId: till.id, until: now + LOCK_MS },
    ]
  }
  noteTillFailure()
  return refuse(403, 'code_invalid', '会员码无效，请让顾客打开小程序重新出示')
}

/** Claim tokens: receipt id, expiry and an HMAC over both, so a receipt QR cannot be forged or altered. */
function sign(db: Db, payload: string): string {
  const bytes = new Uint8Array(payload.length)
  for (let i = 0; i < payload.length; i++) bytes[i] = payload.charCodeAt(i) & 0xff
  return bytesToHex(hmacSha1(hexToBytes(db.serverSecret), bytes)).slice(0, 24)
}

export function claimToken(db: Db, receipt: ReceiptRecord): string {
  const payload = `${receipt.id}.${receipt.claimExpiresAt}`
  return `MCR.${payload}.${sign(db, payload)}`
}

function receiptFromToken(db: Db, token: string): ReceiptRecord {
  const m = /^MCR\.(R\d{1,12})\.(\d{1,15})\.([0-9a-f]{24})$/.exec(token.trim())
  const invalid = new ApiFailure(400, 'receipt_invalid', '无法识别这张小票的二维码，请扫描小票底部的积分二维码')
  if (!m) throw invalid
  if (!constantTimeEqual(sign(db, `${m[1]}.${m[2]}`), m[3])) throw invalid
  const receipt = own(db.receipts, m[1])
  if (!receipt) throw invalid
  return receipt
}

export function receiptView(db: Db, r: ReceiptRecord): Receipt {
  const member = own(db.members, r.memberId) ?? null
  return {
    receiptId: r.id,
    at: r.at,
    storeId: r.storeId,
    storeName: storeName(db, r.storeId),
    amountFen: r.amountFen,
    member: member ? tillMember(member, db) : null,
    pointsEarned: r.pointsEarned,
    multiplierPct: r.multiplierPct,
    memberDay: r.memberDay ?? null,
    tierBefore: r.tierBefore,
    tierAfter: r.tierAfter,
    claimToken: claimToken(db, r),
    claimExpiresAt: r.claimExpiresAt,
    couponsUsed: r.couponsUsed ?? [],
    discountFen: r.discountFen ?? 0,
    payableFen: r.amountFen - (r.discountFen ?? 0),
    refundedAt: r.refund?.refundedAt ?? null,
  }
}

function activeCheckouts(member: MemberRecord): CheckoutRecord[] {
  return member.checkouts.filter((c) => !c.refundedAt)
}

function record(member: MemberRecord, event: Omit<ActivityEvent, 'id'>): void {
  member.activity = [...member.activity, { id: `a-${++member.seq}`, ...event }].slice(-50)
}

/** Credit a purchase to a member: spend and a visit at `at`, points as a lot earned `now`, upgrade at once. */
function credit(db: Db, member: MemberRecord, receipt: ReceiptRecord, now: number, kind: 'checkout' | 'claim'): void {
  const tiers = db.programme.tiers
  const before = tierRef(db, member.tierId)
  const tierSinceBefore = member.tierSince
  const rule = tiers[tierIndex(tiers, member.tierId)]
  // Points and spend count what the shopper paid, after coupons; a member day (of the purchase) multiplies the tier's rate.
  const paid = receipt.amountFen - (receipt.discountFen ?? 0)
  const day = memberDayAt(db.programme.memberDay, receipt.at)
  const multiplierPct = combinedMultiplierPct(rule.multiplierPct, day)
  const points = pointsForSpend(paid, multiplierPct)
  const checkout: CheckoutRecord = {
    id: `c-${++member.seq}`,
    at: receipt.at,
    amountFen: paid,
    storeId: receipt.storeId,
    receiptId: receipt.id,
  }
  member.checkouts.push(checkout)
  const lotId = `l-${++member.seq}`
  member.lots.push({ id: lotId, earnedAt: now, expiresAt: lotExpiry(now), points, remaining: points })
  const name = storeName(db, receipt.storeId)
  member.ledger.push({
    id: `e-${++member.seq}`,
    at: now,
    type: 'earn',
    points,
    note: `${name}消费 ${formatYuan(receipt.amountFen)}${day ? ` · ${day.title}积分${formatMultiplier(day.multiplierPct)}` : ''}${kind === 'claim' ? '（小票补录）' : ''}`,
  })
  const next = tierAfterCheckout(
    tiers,
    member.tierId,
    rollingStats(activeCheckouts(member), now, db.programme.horizons.rollingMonths),
  )
  if (next !== member.tierId) {
    member.tierId = next
    member.tierSince = now
  }
  Object.assign(receipt, {
    memberId: member.id,
    pointsEarned: points,
    multiplierPct,
    memberDay: day ? { title: day.title, multiplierPct: day.multiplierPct } : null,
    tierBefore: before.name,
    tierAfter: tierRef(db, member.tierId).name,
    tierBeforeId: before.id,
    tierSinceBefore: tierSinceBefore,
    creditedAt: now,
    lotId,
    checkoutId: checkout.id,
  })
  record(member, {
    at: now,
    kind,
    receiptId: receipt.id,
    storeName: name,
    amountFen: paid,
    pointsDelta: points,
    pointsBalance: balanceOf(member.ledger),
    tierBefore: before,
    tierAfter: tierRef(db, member.tierId),
    couponsUsed: (receipt.couponsUsed ?? []).map((c) => c.title),
    memberDay: day ? { title: day.title, multiplierPct: day.multiplierPct } : null,
  })
}

export function checkout(
  db: Db,
  till: TillRecord,
  input: { code?: string; storeId: string; amountFen: number; couponIds?: string[] },
  now: number,
): Receipt | ApiFailure {
  const couponIds = input.couponIds ?? []
  if (couponIds.length > 0 && !input.code?.trim())
    throw new ApiFailure(400, 'coupon_needs_code', '使用优惠券需要先扫描会员码')
  ownStore(db, till, input.storeId, '结账')
  let member: MemberRecord | null = null
  if (input.code !== undefined && input.code.trim() !== '') {
    const check = checkCode(db, till, input.code, now)
    if (!check.ok) return check.failure
    member = check.member
    // Kept until the real clock has passed them: the demo clock only runs ahead (offset ≥ 0), so a step
    // before the real time's previous one can never verify again; anything later might, after a clock move.
    const realStep = codeStep(now - db.clockOffsetMs)
    member.usedCodeSteps = [...member.usedCodeSteps.filter((u) => u >= realStep - 1), check.step]
  }
  const id = `R${(db.nextReceipt++).toString().padStart(8, '0')}`
  const receipt: ReceiptRecord = {
    id,
    at: now,
    storeId: input.storeId,
    tillId: till.id,
    amountFen: input.amountFen,
    memberId: null,
    pointsEarned: 0,
    multiplierPct: 0,
    tierBefore: null,
    tierAfter: null,
    lotId: null,
    checkoutId: null,
    claimExpiresAt: now + CLAIM_WINDOW_MS,
    claimedAt: null,
    couponsUsed: [],
    discountFen: 0,
    refund: null,
  }
  put(db.receipts, id, receipt)
  if (member && couponIds.length > 0) {
    const off = writeOff(db, member, couponIds, input.storeId, input.amountFen, id, now)
    receipt.couponsUsed = off.used
    receipt.discountFen = off.discountFen
  }
  if (member) credit(db, member, receipt, now, 'checkout')
  return receiptView(db, receipt)
}

export function refund(db: Db, till: TillRecord, receiptId: string, now: number): Refund {
  const receipt = own(db.receipts, receiptId)
  if (!receipt) throw new ApiFailure(404, 'receipt_unknown', '找不到这张小票，请核对小票号')
  if (receipt.storeId !== till.storeId) {
    throw new ApiFailure(
      403,
      'till_other_store',
      `这张小票是${storeName(db, receipt.storeId)}的，只能由该店的收银台退款（本收银台属于${storeName(db, till.storeId)}）`,
    )
  }
  // A refund happens once; asking again answers with the same refund.
  if (receipt.refund) return { receiptId, ...receipt.refund }
  let pointsReversed = 0
  const member = own(db.members, receipt.memberId) ?? null
  if (member) {
    restoreCoupons(member, receiptId)
    const checkoutRecord = member.checkouts.find((c) => c.id === receipt.checkoutId)
    if (checkoutRecord) checkoutRecord.refundedAt = now
    // Take the points back from the receipt's own lot first, then the soonest-expiring; never below zero.
    const back = takeBack(member.lots, receipt.lotId, receipt.pointsEarned, balanceOf(member.ledger), now)
    member.lots = back.lots
    pointsReversed = back.reversed
    const before = tierRef(db, member.tierId)
    member.ledger.push({
      id: `e-${++member.seq}`,
      at: now,
      type: 'refund',
      points: -pointsReversed,
      note: `${storeName(db, receipt.storeId)}退款 ${formatYuan(receipt.amountFen)}`,
    })
    // An upgrade this purchase caused (and nothing since has changed) goes with it.
    if (receipt.creditedAt != null && member.tierSince === receipt.creditedAt && receipt.tierBeforeId) {
      const tiers = db.programme.tiers
      const back = tierAfterCheckout(
        tiers,
        receipt.tierBeforeId,
        rollingStats(activeCheckouts(member), now, db.programme.horizons.rollingMonths),
      )
      if (back !== member.tierId) {
        member.tierId = back
        member.tierSince =
          back === receipt.tierBeforeId && receipt.tierSinceBefore != null ? receipt.tierSinceBefore : now
      }
    }
    record(member, {
      at: now,
      kind: 'refund',
      receiptId,
      storeName: storeName(db, receipt.storeId),
      amountFen: -receipt.amountFen,
      pointsDelta: -pointsReversed,
      pointsBalance: balanceOf(member.ledger),
      tierBefore: before,
      tierAfter: tierRef(db, member.tierId),
      couponsUsed: [],
      memberDay: null,
    })
  }
  // Points already spent cannot come back as points: their value is kept back from the cash refund.
  // A closed account's points went with it: there is nothing to keep back for them.
  const pointsOwed = receipt.memberId && !isErasedMember(db, receipt.memberId) ? receipt.pointsEarned : 0
  const pointsShortfall = Math.max(0, pointsOwed - pointsReversed)
  const deductFen = Math.ceil((pointsShortfall * 100) / db.programme.pointsPerYuan)
  receipt.refund = {
    refundedAt: now,
    pointsReversed,
    spendReversedFen: receipt.memberId ? receipt.amountFen - (receipt.discountFen ?? 0) : 0,
    pointsShortfall,
    deductFen,
  }
  return { receiptId, ...receipt.refund }
}

export function claim(db: Db, member: MemberRecord, token: string, now: number): ClaimResult {
  const receipt = receiptFromToken(db, token)
  if (receipt.refund) throw new ApiFailure(409, 'receipt_refunded', '这张小票已退款，不能再领取积分')
  if (receipt.memberId) {
    throw new ApiFailure(
      409,
      'receipt_claimed',
      receipt.memberId === member.id ? '这张小票的积分你已经领取过了' : '这张小票的积分已被其他会员领取',
    )
  }
  if (now > receipt.claimExpiresAt) throw new ApiFailure(410, 'receipt_expired', '小票已超过 7 天，无法补录积分')
  const before = tierRef(db, member.tierId)
  receipt.claimedAt = now
  credit(db, member, receipt, now, 'claim')
  return {
    receiptId: receipt.id,
    storeName: storeName(db, receipt.storeId),
    amountFen: receipt.amountFen,
    pointsEarned: receipt.pointsEarned,
    pointsBalance: balanceOf(member.ledger),
    tierBefore: before,
    tierAfter: tierRef(db, member.tierId),
  }
}
