import type { MemberDayOffer, MemberDayProduct, PersonaId, Programme, Store } from '../../src/api/contract'
import type { LedgerEntry, PointsLot } from '../../src/domain/points'
import type { Visit } from '../../src/domain/tiers'
import type { CouponTerms } from '../../src/domain/coupons'
import type { Period } from '../../src/domain/periods'

export interface CheckoutRecord extends Visit {
  id: string
  storeId: string
  receiptId?: string
  /** Set when the checkout was refunded: it no longer counts as spend or a visit. */
  refundedAt?: number
}

export interface ActivityRecord {
  id: string
  at: number
  kind: 'checkout' | 'refund' | 'claim'
  receiptId: string
  storeName: string
  amountFen: number
  pointsDelta: number
  pointsBalance: number
  tierBefore: { id: string; name: string }
  tierAfter: { id: string; name: string }
  couponsUsed: string[]
  memberDay: { title: string; multiplierPct: number } | null
}

export interface MemberRecord {
  id: string
  cardId: string
  /** Who this member is to WeChat (openid; `persona:<id>` for demo personas). */
  subject: string
  phone: string
  nickname: string
  birthday: string | null
  city: string | null
  joinedAt: number
  tierId: string
  tierSince: number
  inviteCode: string
  invitedBy: string | null
  checkouts: CheckoutRecord[]
  lots: PointsLot[]
  /** Append-only; the balance is its sum. */
  ledger: LedgerEntry[]
  seq: number
  /** Hex secret the phone derives member codes from; null until provisioned. */
  codeSecret: string | null
  /** The secret replaced at the last rotation, accepted until `until` (the phone may not have the new one yet). */
  previousCodeSecret?: { secret: string; until: number } | null
  /** Code steps already used at a till (each step is accepted once, whatever the demo clock does). */
  usedCodeSteps: number[]
  /** Times of recent failed code verifications, at any till (the burst limit over all tills). */
  codeFailures: number[]
  /** Until when the card's codes are refused at every till. */
  codeLockedUntil: number
  /** Recent failed verifications by till: one till's failures lock the card at that till only. */
  tillCodeFailures?: { tillId: string; at: number }[]
  /** The tills where this card's codes are refused, each until a time. */
  tillCodeLocks?: { tillId: string; until: number }[]
  /** Recent till activity for the code page's live result (newest last). */
  activity: ActivityRecord[]
  /** Redeemed coupons and vouchers. */
  wallet: WalletRecord[]
  /** Notices for the member (e.g. a tier change at the anniversary), newest last. */
  messages: MessageRecord[]
  coupons: CouponRecord[]
  /** The coupon the member chose with 去使用: the till lists it first while the code is shown. */
  selectedCoupon: { id: string; until: number } | null
  memberDayClaims: MemberDayClaimRecord[]
  /** The member day the member asked to be reminded of (one WeChat subscription: one message), set at `at`. */
  memberDayReminder: { date: string; at: number } | null
  /** Partner perks claimed, one per perk and period (absent in states saved before 联盟权益). */
  partnerClaims?: PartnerClaimRecord[]
  /** The install's device id the member joined on (an invitation joined on the inviter's device does not count). */
  device?: string | null
  /** Friends invited with this member's code, oldest first (absent in states saved before 邀请有礼). */
  invitations?: InvitationRecord[]
  /** Share taps on the invite page: counted for "my influence", never rewarded. */
  shareTaps?: number
}

/** One friend invited, kept on the inviter's record (a friend's checkout reaches it through `invitedBy`). */
export interface InvitationRecord {
  /** `iv-` + the friend's member id. */
  id: string
  inviteeId: string
  /** The friend's name masked as the inviter sees it, kept when the friend closes their account. */
  inviteeName: string
  inviteeErased?: boolean
  joinedAt: number
  state: 'joined' | 'rewarded' | 'revoked' | 'not_counted'
  /** Why not counted (see INVITATION_REASONS in the contract), else null. */
  reason: string | null
  /** When it was rewarded, not counted or taken back. */
  decidedAt: number | null
  reward: {
    receiptId: string
    at: number
    points: number
    lotId: string
    /** The friend's coupon (null when the friend's account was gone). */
    couponId: string | null
  } | null
  revoked: {
    at: number
    pointsReversed: number
    /** Points already spent, so not taken back: recorded as a refund records its shortfall. */
    pointsShortfall: number
    /** The friend's coupon was unused and is taken back… */
    couponTakenBack: boolean
    /** …or had been used already (it stays used; recorded here). */
    couponUsed: boolean
  } | null
  /** When the app showed the inviter the reward ceremony (null: not yet). */
  seenAt: number | null
}

/** A coupon's terms (the domain's), minus what each coupon gets when granted: its dates; the tier by id. */
export type CouponTemplateRecord = Omit<CouponTerms, 'validFrom' | 'validTo' | 'minTierIndex'> & {
  id: string
  minTierId: string | null
  /** Days a granted coupon stays valid. */
  validDays: number
}

/**
 * A notice kept for the member: a tier change at the anniversary, a campaign, a reward that arrived.
 * Messages that follow from the member's state (points about to lapse) are made when read instead.
 */
export interface MessageRecord {
  id: string
  at: number
  title: string
  body: string
  /** What made it: 'tier' | 'campaign' | 'invitation' | 'trial' | 'birthday' …; absent in older states. */
  kind?: string
  /** Why it was sent, in the member's words: 「因为你属于重要唤回会员」. */
  why?: string
  /** Where its action leads (an app path), or null for none. */
  link?: string | null
  /** The button for `link`: 去使用, 去兑换… */
  action?: string | null
}

export interface CouponRecord {
  id: string
  templateId: string
  status: 'available' | 'used'
  obtainedAt: number
  validFrom: number
  validTo: number
  /** Where it came from, in words: 入会礼, 积分兑换, 会员日… */
  source: string
  usedAt: number | null
  usedReceiptId: string | null
  usedStoreId: string | null
}

export interface WalletRecord {
  id: string
  rewardId: string
  kind: 'coupon' | 'gift' | 'partner'
  name: string
  description: string
  code: string
  status: 'available' | 'used' | 'expired'
  obtainedAt: number
  expiresAt: number
}

export interface RewardRecord {
  id: string
  name: string
  kind: 'coupon' | 'gift' | 'partner'
  description: string
  points: number
  stock: number
  minTierId: string | null
  measure: { unit: string; noun: string }
  /** Days the coupon or voucher stays valid after redemption. */
  validDays: number
  /** For coupons: the template the redeemed coupon is made from (it then works at the till). */
  couponTemplateId?: string
}

export interface ReceiptRecord {
  id: string
  at: number
  storeId: string
  tillId: string
  amountFen: number
  memberId: string | null
  pointsEarned: number
  multiplierPct: number
  memberDay?: { title: string; multiplierPct: number } | null
  tierBefore: string | null
  tierAfter: string | null
  /** The member's tier and its start before this receipt was credited (to undo an upgrade on refund). */
  tierBeforeId?: string | null
  tierSinceBefore?: number | null
  creditedAt?: number | null
  lotId: string | null
  checkoutId: string | null
  claimExpiresAt: number
  claimedAt: number | null
  couponsUsed: { id: string; title: string; discountFen: number }[]
  discountFen: number
  /** This purchase rewarded an invitation of this inviter's (a refund takes it back, whatever became of the friend). */
  inviteReward?: { inviterId: string } | null
  refund: {
    refundedAt: number
    pointsReversed: number
    spendReversedFen: number
    pointsShortfall: number
    deductFen: number
  } | null
}

export interface TillRecord {
  id: string
  name: string
  key: string
  /** The one store this till serves: its checkouts, verifications and refunds are for that store only. */
  storeId: string
  failures: number[]
  lockedUntil: number
}

export type StoreRecord = Store

/** A product as stored: its picture is optional (the served one comes from the catalogue's pictures when absent). */
export type MemberDayProductRecord = Omit<MemberDayProduct, 'image'> & { image?: string | null }

/** A member-day coupon offer: its template and who may claim how many. */
export type MemberDayOfferRecord = Omit<MemberDayOffer, 'title' | 'rules' | 'minTierName' | 'validDays'> & {
  templateId: string
}

export interface MemberDayClaimRecord {
  /** The member day it was claimed on, "2026-12-18". */
  date: string
  offerId: string
  couponId: string
  at: number
}

/** One member's application to a trial, and what came of it. */
export interface TrialApplicationRecord {
  memberId: string
  at: number
  note: string | null
  status: 'applied' | 'selected' | 'not_selected'
  /** Place in the selection order at the close, and what it was ranked on then. */
  rank: number | null
  tierName: string | null
  visits: number | null
  /** The trial voucher (a coupon of the member's), once selected. */
  couponId: string | null
  feedback: {
    taste: number
    sweetness: number
    wouldBuy: number
    text: string
    at: number
    points: number
    reply: string | null
    repliedAt: number | null
  } | null
}

/** A trial of a drink or bean before launch (体验官): its calendar, who may apply, and the applications. */
export interface TrialRecord {
  id: string
  title: string
  product: string
  story: string
  seats: number
  applyLimit: number
  applyFrom: number
  applyTo: number
  trialFrom: number
  trialTo: number
  feedbackDue: number
  minTierId: string | null
  feedbackPoints: number
  /** The ¥0 item coupon the selected get. */
  voucherTemplateId: string
  /** Set when staff closed the application window before `applyTo`. */
  closedEarlyAt: number | null
  /** When the seats were given (once). */
  selectedAt: number | null
  applications: TrialApplicationRecord[]
}

/** A partner brand's perk, free by tier once per period, with a stock per period. */
export interface PartnerPerkRecord {
  id: string
  partner: string
  title: string
  description: string
  howToUse: string
  minTierId: string | null
  period: Period
  stockPerPeriod: number
  /** What one claim costs the brand (fen). */
  valueFen: number
  codePrefix: string
  /** Days a claimed code works. */
  codeValidDays: number
  /** Claims in the period `period` (a period key); another period starts at 0. */
  claimed: { period: string; count: number }
}

export interface PartnerClaimRecord {
  perkId: string
  /** The period key it was claimed in ("2026-11"). */
  period: string
  code: string
  claimedAt: number
  expiresAt: number
}

export interface SessionRecord {
  token: string
  subject: string
  memberId: string | null
  persona: PersonaId | null
  expiresAt: number
}

/**
 * What is kept of a closed account (注销账号), for accounting only: the opaque member id its receipts
 * still carry, the card id (so a till can say the card was closed) and the points ledger. No
 * personal field (phone, nickname, birthday, city, WeChat identity) survives.
 */
export interface ErasedAccountRecord {
  id: string
  cardId: string
  erasedAt: number
  ledger: LedgerEntry[]
}

/** A closed account's phone as a keyed hash (HMAC with the server secret) and when it was closed. */
export interface ErasedPhoneRecord {
  hash: string
  at: number
}

export interface IdempotencyRecord {
  /** The request body's fingerprint: the same key with another body is refused. */
  fingerprint: string
  state: 'pending' | 'done'
  status: number
  body: unknown
  at: number
}

export interface Db {
  version: 6
  programme: Programme
  members: Record<string, MemberRecord>
  /** subject → member id */
  bySubject: Record<string, string>
  /** card id → member id (a till finds the member of a scanned code without looking through all members) */
  byCard: Record<string, string>
  /** invite code → member id (joining with a code finds the inviter without looking through all members) */
  byInviteCode: Record<string, string>
  sessions: Record<string, SessionRecord>
  idempotency: Record<string, IdempotencyRecord>
  /** Next sequence number for new members' card ids. */
  nextCard: number
  stores: StoreRecord[]
  tills: TillRecord[]
  receipts: Record<string, ReceiptRecord>
  nextReceipt: number
  /** Signs receipt claim tokens (hex). */
  serverSecret: string
  rewards: RewardRecord[]
  couponTemplates: CouponTemplateRecord[]
  memberDayProducts: MemberDayProductRecord[]
  memberDayOffers: MemberDayOfferRecord[]
  /** Demo: how far the backend's clock runs ahead of the real one (ms). */
  clockOffsetMs: number
  /** Closed accounts, by member id (absent in a state saved before accounts could be closed). */
  erased?: Record<string, ErasedAccountRecord>
  /** Phones of accounts closed within the rejoin window, hashed (absent as above). */
  erasedPhones?: ErasedPhoneRecord[]
  /** 体验官 trials (added to states saved before them when read). */
  trials: TrialRecord[]
  /** 联盟权益 (added to states saved before them when read). */
  partnerPerks: PartnerPerkRecord[]
}

/** 6: the programme serves its horizons (rolling window, expiry list, countdown, notice, demo distance). */
export const DB_VERSION = 6
