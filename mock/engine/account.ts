/**
 * Closing an account (注销账号) and what joining again may give. Erasing removes the member's
 * personal data (phone, nickname, birthday, city, WeChat identity, code secrets), every session of
 * that member and the answers kept for their repeated requests; what accounting must keep (receipts,
 * which carry only the opaque member id, and the points ledger) stays under that id with no personal
 * field. The phone is kept only as a keyed hash with the date, so the same phone joining again
 * within REJOIN_GIFT_MONTHS gets no second 入会礼. Every function works on a db draft inside
 * Engine.transaction.
 */
import { hmacSha1 } from '../../src/domain/sha1'
import type { EraseResult, ErasePreview } from '../../src/api/contract'
import { bytesToHex, hexToBytes } from '../../src/domain/member-code'
import { balanceOf } from '../../src/domain/points'
import { addMonths } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import * as coupons from './coupons'
import type { Db, MemberRecord } from './db'
import { drop, own, put } from './records'
import { walletView } from './rewards'

/** A phone that joins again within this many months of closing its account gets no second 入会礼. */
export const REJOIN_GIFT_MONTHS = 12

/** The coupon template every new member gets as 入会礼. */

/**
 * The phone as HMAC-SHA-1 under the server secret: without the secret the list cannot be matched to phones
 * (HMAC-SHA-1 is still a sound keyed hash, and the member code's TOTP already brings SHA-1 into the package).
 */
export function phoneHash(db: Db, phone: string): string {
  // A phone is 11 ASCII digits; no TextEncoder in the mini-program's JS core, where this backend runs too.
  const bytes = Uint8Array.from(phone, (ch) => ch.charCodeAt(0) & 0xff)
  return bytesToHex(hmacSha1(hexToBytes(db.serverSecret), bytes))
}

/** What closing would take away, as of `now`. */
export function erasePreview(db: Db, member: MemberRecord, now: number): ErasePreview {
  const tiers = db.programme.tiers
  return {
    points: balanceOf(member.ledger),
    coupons: member.coupons.filter((c) => coupons.statusOf(c, now) === 'available').length,
    vouchers: member.wallet.filter((w) => walletView(w, now).status === 'available').length,
    tierName: tiers[tierIndex(tiers, member.tierId)].name,
    rejoinGiftMonths: REJOIN_GIFT_MONTHS,
  }
}

/** Close the account: see the module comment for what goes and what stays. */
export function erase(db: Db, member: MemberRecord, now: number): EraseResult {
  db.erased ??= {}
  put(db.erased, member.id, {
    id: member.id,
    cardId: member.cardId,
    erasedAt: now,
    ledger: member.ledger.map((e) => ({ ...e })),
  })
  db.erasedPhones = [...recentErasedPhones(db, now), { hash: phoneHash(db, member.phone), at: now }]
  drop(db.members, member.id)
  drop(db.bySubject, member.subject)
  drop(db.byCard, member.cardId)
  for (const [token, s] of Object.entries(db.sessions))
    if (s.subject === member.subject || s.memberId === member.id) drop(db.sessions, token)
  // Kept answers are scoped by the caller's WeChat identity and may hold the card (nickname, phone).
  for (const key of Object.keys(db.idempotency)) if (key.startsWith(`${member.subject}|`)) drop(db.idempotency, key)
  // A till's kept checkout answers stay (a retry must not check out twice), without the member's nickname.
  for (const [key, seen] of Object.entries(db.idempotency)) {
    const body = seen.body as { receiptId?: unknown; member?: { nickname?: unknown } | null } | null
    const receipt = typeof body?.receiptId === 'string' ? own(db.receipts, body.receiptId) : undefined
    if (receipt?.memberId !== member.id || !body?.member) continue
    // Taken through own() before the change, so the transaction records (and can undo) this answer.
    const kept = own(db.idempotency, key)
    if (kept) kept.body = { ...body, member: { ...body.member, nickname: ERASED_NAME } }
  }
  return { erasedAt: now }
}

/** What a till's kept answer says instead of a closed account's nickname. */
const ERASED_NAME = '已注销会员'

/** Hashes still inside the rejoin window (older ones are not needed any more, so they are not kept). */
function recentErasedPhones(db: Db, now: number) {
  return (db.erasedPhones ?? []).filter((p) => addMonths(p.at, REJOIN_GIFT_MONTHS) > now)
}

/** Whether a new member gets the 入会礼: not when the same phone closed an account within the rejoin window. */
export function mayReceiveJoinGifts(db: Db, member: MemberRecord, now: number): boolean {
  const hash = phoneHash(db, member.phone)
  return !recentErasedPhones(db, now).some((p) => p.hash === hash)
}

/** Whether `cardId` belonged to an account that was closed (its codes are then refused with that reason). */
export function isClosedCard(db: Db, cardId: string): boolean {
  return Object.values(db.erased ?? {}).some((a) => a.cardId === cardId)
}

/** Whether the member behind a receipt closed their account (their points went with it). */
export function isErasedMember(db: Db, memberId: string | null): boolean {
  return own(db.erased ?? {}, memberId) !== undefined
}
