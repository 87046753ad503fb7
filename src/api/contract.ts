/**
 * The contract: every endpoint once — method, path, who may call it, request and response schema.
 * Types are inferred from these schemas; the client is generated from this table and the mock's
 * handlers are typed against it, so a drift between the two is a compile error. The entity
 * schemas live in schemas.ts and are re-exported here, so `@/api/contract` stays the one import.
 */
import * as v from 'valibot'
import {
  ActivityEventSchema,
  ClaimResultSchema,
  CodeSecretSchema,
  CouponSchema,
  ErasePreviewSchema,
  EraseResultSchema,
  JoinRequestSchema,
  LEDGER_TYPES,
  LedgerPageSchema,
  MemberCardSchema,
  MemberDayOfferSchema,
  MemberDayProductSchema,
  MyMemberDaySchema,
  OkSchema,
  PERSONA_IDS,
  PersonaSchema,
  Points,
  PointsSummarySchema,
  Ref,
  ProfilePatchSchema,
  ProgrammeSchema,
  ReceiptSchema,
  RefundSchema,
  RewardSchema,
  SessionSchema,
  StoreSchema,
  TillCouponSchema,
  TillMemberSchema,
  Time,
  WalletItemSchema,
} from './schemas'
import { MyTrialsSchema, PartnerPerkSchema, Score, StaffTrialSchema, TrialSchema } from './schemas-perks'
import { MyTagsSchema } from './schemas-hero'
import { InboxSchema, SubscriptionsSchema } from './schemas-inbox'
import {
  CampaignPreviewSchema,
  CampaignRequestSchema,
  CampaignSchema,
  CampaignsListSchema,
  EconomicsSchema,
  SegmentsReportSchema,
} from './schemas-console'
import { InfluenceSchema, InviteWxacodeSchema, MyInvitationsSchema } from './schemas-invite'

export * from './schemas'
export * from './schemas-perks'
export * from './schemas-console'
export * from './schemas-hero'
export * from './schemas-inbox'
export * from './schemas-invite'

/** Where the demo clock can be moved: back to the real time, or 10:00 on the next (quarterly) member day. */
export const DEMO_CLOCK_TARGETS = ['now', 'member-day', 'quarterly-day'] as const

/**
 * A whole number in a query string: digits on the wire (a query has only strings), a number once
 * validated. The client takes the number and writes the digits itself.
 */
const QueryInt = (maxDigits: number) =>
  v.pipe(
    v.string(),
    v.regex(new RegExp(`^\\d{1,${maxDigits}}$`), `应为不超过 ${maxDigits} 位的非负整数`),
    v.toNumber(),
    v.integer(),
  )

const MemberCode = Ref(40)
const AmountFen = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(1, '金额必须大于 0'),
  v.maxValue(10_000_000, '单笔金额不能超过 ¥100,000'),
)

type Schema = v.GenericSchema

/**
 * Requests are strict (an unknown field is refused, so a client's mistake shows at once); responses
 * stay loose `v.object`, so a newer server may add fields without breaking an older client.
 */
export interface Endpoint {
  method: 'GET' | 'POST'
  path: string
  /**
   * none: anyone; member: a member session (Bearer token); till: a store till (x-till-key), within its
   * own store; staff: the staff key (x-staff-key): demo powers now, the operator console later.
   */
  auth: 'none' | 'member' | 'till' | 'staff'
  /** Part of the request needs the staff key (a persona rebuild): the client sends it when it has one. */
  staffFor?: string
  /** Value-moving mutations carry an Idempotency-Key and are replayed by the server. */
  idempotent?: boolean
  /** Strict: a `v.object` here does not compile. */
  request: v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined> | null
  response: Schema
}

export const contract = {
  login: {
    method: 'POST',
    path: '/auth/login',
    auth: 'none',
    // code: wx.login's code; device: a stable per-install id (the mock's stand-in for code2session).
    request: v.strictObject({
      code: Ref(128),
      device: v.pipe(Ref(64), v.minLength(8)),
    }),
    response: SessionSchema,
  },
  personaLogin: {
    method: 'POST',
    path: '/demo/persona',
    auth: 'none',
    staffFor: 'reset',
    request: v.strictObject({
      persona: v.picklist(PERSONA_IDS),
      device: v.pipe(Ref(64), v.minLength(8)),
      /** Rebuild the persona as of today (staff only: needs the staff key); a plain sign-in keeps its state. */
      reset: v.optional(v.boolean()),
    }),
    response: SessionSchema,
  },
  listPersonas: {
    method: 'GET',
    path: '/demo/personas',
    auth: 'none',
    request: null,
    response: v.array(PersonaSchema),
  },
  logout: { method: 'POST', path: '/auth/logout', auth: 'member', request: v.strictObject({}), response: OkSchema },
  getProgramme: { method: 'GET', path: '/programme', auth: 'none', request: null, response: ProgrammeSchema },
  join: {
    method: 'POST',
    path: '/members',
    auth: 'member',
    idempotent: true,
    request: JoinRequestSchema,
    response: MemberCardSchema,
  },
  getMe: { method: 'GET', path: '/me', auth: 'member', request: null, response: MemberCardSchema },
  updateProfile: {
    method: 'POST',
    path: '/me/profile',
    auth: 'member',
    request: ProfilePatchSchema,
    response: MemberCardSchema,
  },
  /** What 注销账号 would take away (points, coupons, vouchers, tier) and the rejoin rule, before the member confirms. */
  getErasePreview: {
    method: 'GET',
    path: '/me/erase',
    auth: 'member',
    request: null,
    response: ErasePreviewSchema,
  },
  /**
   * 注销账号: personal data erased, receipts and the points ledger kept under the opaque member id for
   * accounting, every session of the member ended and the card's codes refused at the till.
   */
  eraseAccount: {
    method: 'POST',
    path: '/me/erase',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({}),
    response: EraseResultSchema,
  },
  issueCodeSecret: {
    method: 'POST',
    path: '/me/code-secret',
    auth: 'member',
    request: v.strictObject({}),
    response: CodeSecretSchema,
  },
  /** GET with a query: `since` is the last event time the phone has seen (ms). */
  getActivity: {
    method: 'GET',
    path: '/me/activity',
    auth: 'member',
    request: v.strictObject({ since: v.optional(QueryInt(15)) }),
    response: v.object({ events: v.array(ActivityEventSchema) }),
  },
  claimReceipt: {
    method: 'POST',
    path: '/receipts/claim',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({ token: Ref(200) }),
    response: ClaimResultSchema,
  },
  listStores: { method: 'GET', path: '/stores', auth: 'none', request: null, response: v.array(StoreSchema) },
  /** Member-day perks (the calendar itself is in the programme rules). */
  getMemberDay: {
    method: 'GET',
    path: '/member-day',
    auth: 'none',
    request: null,
    response: v.object({
      products: v.array(MemberDayProductSchema),
      offers: v.array(MemberDayOfferSchema),
      /** The WeChat subscribe-message template the backend sends the reminder with. */
      reminderTemplateId: v.string(),
    }),
  },
  getMyMemberDay: { method: 'GET', path: '/me/member-day', auth: 'member', request: null, response: MyMemberDaySchema },
  claimMemberDayCoupon: {
    method: 'POST',
    path: '/member-day/claim',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({ offerId: Ref(40) }),
    response: v.object({
      coupon: CouponSchema,
      claimed: v.pipe(v.number(), v.integer()),
      limit: v.pipe(v.number(), v.integer()),
    }),
  },
  /** The reminder before member days (in WeChat, after the member accepted the subscribe message). */
  setMemberDayReminder: {
    method: 'POST',
    path: '/me/member-day/reminder',
    auth: 'member',
    request: v.strictObject({ on: v.boolean() }),
    response: v.object({ reminder: MyMemberDaySchema.entries.reminder }),
  },
  /** Demo: move the backend's clock (to the next member day, or back to now); it moves for everyone, so staff only. */
  setDemoClock: {
    method: 'POST',
    path: '/demo/clock',
    auth: 'staff',
    request: v.strictObject({ to: v.picklist(DEMO_CLOCK_TARGETS) }),
    response: v.object({ now: Time, offsetMs: v.pipe(v.number(), v.integer()) }),
  },
  getPoints: { method: 'GET', path: '/me/points', auth: 'member', request: null, response: PointsSummarySchema },
  /** Newest first; `type` filters; `cursor` from the previous page. */
  getLedger: {
    method: 'GET',
    path: '/me/ledger',
    auth: 'member',
    request: v.strictObject({
      type: v.optional(v.picklist(LEDGER_TYPES)),
      cursor: v.optional(QueryInt(9)),
      limit: v.optional(QueryInt(3)),
    }),
    response: LedgerPageSchema,
  },
  listRewards: { method: 'GET', path: '/rewards', auth: 'none', request: null, response: v.array(RewardSchema) },
  redeemReward: {
    method: 'POST',
    path: '/rewards/redeem',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({ rewardId: Ref(40) }),
    response: v.object({ item: WalletItemSchema, balance: Points }),
  },
  getWallet: {
    method: 'GET',
    path: '/me/wallet',
    auth: 'member',
    request: null,
    response: v.object({ items: v.array(WalletItemSchema) }),
  },
  getCoupons: {
    method: 'GET',
    path: '/me/coupons',
    auth: 'member',
    request: null,
    response: v.object({ coupons: v.array(CouponSchema) }),
  },
  /** 去使用: pick a coupon for the till (listed first while the code is shown); null clears it. */
  selectCoupon: {
    method: 'POST',
    path: '/me/code-coupon',
    auth: 'member',
    request: v.strictObject({ couponId: v.nullable(Ref(40)) }),
    response: v.object({ selectedCouponId: v.nullable(v.string()) }),
  },
  /** 消息: stored notices and those made from the member's state, newest first, with the unread count. */
  getMessages: {
    method: 'GET',
    path: '/me/messages',
    auth: 'member',
    request: null,
    response: InboxSchema,
  },
  /** Which till a key belongs to and the one store it serves: staff sign-in on the till page. */
  tillWhoAmI: {
    method: 'GET',
    path: '/till/me',
    auth: 'till',
    request: null,
    response: v.object({ id: v.string(), name: v.string(), storeId: v.string(), storeName: v.string() }),
  },
  tillVerify: {
    method: 'POST',
    path: '/till/verify',
    auth: 'till',
    request: v.strictObject({
      code: MemberCode,
      storeId: Ref(40),
      /** The basket so far, to say which coupons apply; 0 when not known yet. */
      amountFen: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000_000))),
    }),
    response: v.object({ member: TillMemberSchema, coupons: v.array(TillCouponSchema) }),
  },
  tillCheckout: {
    method: 'POST',
    path: '/till/checkout',
    auth: 'till',
    idempotent: true,
    request: v.strictObject({
      code: v.optional(MemberCode),
      storeId: Ref(40),
      amountFen: AmountFen,
      couponIds: v.optional(v.pipe(v.array(Ref(40)), v.maxLength(3))),
    }),
    response: ReceiptSchema,
  },
  tillRefund: {
    method: 'POST',
    path: '/till/refund',
    auth: 'till',
    idempotent: true,
    request: v.strictObject({ receiptId: Ref(40) }),
    response: RefundSchema,
  },
  /** 体验官: the trials, where this member stands in each, and the officer's record. */
  getMyTrials: { method: 'GET', path: '/me/trials', auth: 'member', request: null, response: MyTrialsSchema },
  applyTrial: {
    method: 'POST',
    path: '/trials/apply',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({
      trialId: Ref(40),
      /** A word on the member's taste, for the brand. */
      note: v.optional(v.pipe(v.string(), v.maxLength(100, '口味偏好最多 100 字'))),
    }),
    response: v.object({ trial: TrialSchema }),
  },
  /** After the trial voucher is used: scores and a word, for points once. */
  sendTrialFeedback: {
    method: 'POST',
    path: '/trials/feedback',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({
      trialId: Ref(40),
      taste: Score,
      sweetness: Score,
      wouldBuy: Score,
      text: v.optional(v.pipe(v.string(), v.maxLength(200, '反馈最多 200 字'))),
    }),
    response: v.object({ trial: TrialSchema, pointsEarned: Points, balance: Points }),
  },
  staffListTrials: {
    method: 'GET',
    path: '/staff/trials',
    auth: 'staff',
    request: null,
    response: v.object({ trials: v.array(StaffTrialSchema) }),
  },
  /** Close a trial's application window now; the seats are given at once. */
  staffCloseTrial: {
    method: 'POST',
    path: '/staff/trials/close',
    auth: 'staff',
    request: v.strictObject({ trialId: Ref(40) }),
    response: v.object({ trial: StaffTrialSchema }),
  },
  /** The brand's reply to one member's feedback (shown in the member's trial). */
  staffReplyTrial: {
    method: 'POST',
    path: '/staff/trials/reply',
    auth: 'staff',
    request: v.strictObject({
      trialId: Ref(40),
      memberId: Ref(40),
      reply: v.pipe(v.string(), v.minLength(1, '请填写回复'), v.maxLength(100, '回复最多 100 字')),
    }),
    response: v.object({ trial: StaffTrialSchema }),
  },
  /** 联盟权益: partner brands' perks by tier, claimed free once per period. */
  getPartnerPerks: {
    method: 'GET',
    path: '/me/partner-perks',
    auth: 'member',
    request: null,
    response: v.object({ perks: v.array(PartnerPerkSchema) }),
  },
  claimPartnerPerk: {
    method: 'POST',
    path: '/partner-perks/claim',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({ perkId: Ref(40) }),
    response: v.object({ perk: PartnerPerkSchema }),
  },
  // The card's hero slot, 我的标签 and the badge ceremony (rules in mock/engine/hero.ts and tags.ts).
  /** Claim the hero item's offer (the win-back coupon): once per member and offer. */
  claimHeroOffer: {
    method: 'POST',
    path: '/hero/claim',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({ offerId: Ref(40) }),
    response: v.object({ coupon: CouponSchema }),
  },
  /** 我的标签: the tags and the RFM segment the brand holds on the member, each with its evidence. */
  getMyTags: { method: 'GET', path: '/me/tags', auth: 'member', request: null, response: MyTagsSchema },
  /** The app has shown the ceremony for this badge: the card stops asking for it. */
  markCelebrated: {
    method: 'POST',
    path: '/me/celebrated',
    auth: 'member',
    request: v.strictObject({ badge: Ref(40) }),
    response: OkSchema,
  },
  // 运营台 (operator console): segments, campaigns, programme economics; staff key only.
  /** RFM segments of all members (the demo population and the state's members), with cut points and examples. */
  staffConsoleSegments: {
    method: 'GET',
    path: '/staff/console/segments',
    auth: 'staff',
    request: null,
    response: SegmentsReportSchema,
  },
  /** The served campaign rules, the coupons a campaign can send, and past campaigns with their results. */
  staffListCampaigns: {
    method: 'GET',
    path: '/staff/console/campaigns',
    auth: 'staff',
    request: null,
    response: CampaignsListSchema,
  },
  /** What sending would do: reach, members skipped by the weekly cap, expected redemptions and cost. */
  staffPreviewCampaign: {
    method: 'POST',
    path: '/staff/console/campaigns/preview',
    auth: 'staff',
    request: CampaignRequestSchema,
    response: CampaignPreviewSchema,
  },
  /** Send to the segment now: each member gets the message (and coupon), within the weekly cap. */
  staffSendCampaign: {
    method: 'POST',
    path: '/staff/console/campaigns/send',
    auth: 'staff',
    idempotent: true,
    request: CampaignRequestSchema,
    response: v.object({ campaign: CampaignSchema }),
  },
  /** Points issued, redeemed and expired this year, liability, and the programme's cost against member sales. */
  staffConsoleEconomics: {
    method: 'GET',
    path: '/staff/console/economics',
    auth: 'staff',
    request: null,
    response: EconomicsSchema,
  },
  // ---- 消息 (the inbox) and WeChat subscribe-message reminders ----
  /** Mark one message read (`id`), or all of them (`all: true`). */
  readMessages: {
    method: 'POST',
    path: '/me/messages/read',
    auth: 'member',
    request: v.strictObject({ id: v.optional(Ref(80)), all: v.optional(v.literal(true)) }),
    response: v.object({ unread: Points }),
  },
  deleteMessage: {
    method: 'POST',
    path: '/me/messages/delete',
    auth: 'member',
    request: v.strictObject({ id: Ref(80) }),
    response: v.object({ unread: Points }),
  },
  /** How many WeChat reminders of each kind the member granted, and what was sent with them. */
  getSubscriptions: {
    method: 'GET',
    path: '/me/subscriptions',
    auth: 'member',
    request: null,
    response: SubscriptionsSchema,
  },
  /** The kinds the member accepted in WeChat's subscribe sheet: one grant each. */
  addSubscriptions: {
    method: 'POST',
    path: '/me/subscriptions',
    auth: 'member',
    idempotent: true,
    request: v.strictObject({
      kinds: v.pipe(v.array(Ref(40)), v.minLength(1, '请选择要订阅的提醒'), v.maxLength(10)),
    }),
    response: SubscriptionsSchema,
  },
  // 邀请有礼 (the rules are in GET /programme → invitations; rewards move inside till checkout and refund).
  /** The member's invitations with their states, "my influence", the share payload, and who invited them. */
  getMyInvitations: {
    method: 'GET',
    path: '/me/invitations',
    auth: 'member',
    request: null,
    response: MyInvitationsSchema,
  },
  /**
   * The member tapped share (WeChat does not say whether anything was sent). Counted for "my
   * influence" only: never rewarded (WeChat forbids rewarding a share).
   */
  tapInviteShare: {
    method: 'POST',
    path: '/me/invitations/share',
    auth: 'member',
    request: v.strictObject({
      /** Where the tap was: the share card to a chat, the poster, the link. */
      channel: v.optional(v.picklist(['chat', 'poster', 'link'])),
    }),
    response: v.object({ influence: InfluenceSchema }),
  },
  /** The reward ceremony was shown for these invitations: it is not due again. */
  markInvitationsSeen: {
    method: 'POST',
    path: '/me/invitations/seen',
    auth: 'member',
    request: v.strictObject({ ids: v.pipe(v.array(Ref(60)), v.maxLength(50)) }),
    response: v.object({ seen: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  },
  /**
   * The invite's mini-program code. A real backend calls WeChat's wxacode.getUnlimited with
   * scene = the invite code and page = the join page, and answers the PNG as a data URL (cached per
   * member: the code never changes); the mock answers `image: null` and the app draws `fallbackText`
   * as a QR. See docs/ARCHITECTURE.md (Invitations).
   */
  getInviteWxacode: {
    method: 'GET',
    path: '/me/invitations/wxacode',
    auth: 'member',
    request: null,
    response: InviteWxacodeSchema,
  },
} as const satisfies Record<string, Endpoint>

export type Contract = typeof contract
export type EndpointName = keyof Contract
/**
 * What a caller passes: a POST's body as the schema takes it; a GET's query as the schema gives it
 * out (numbers as numbers), since the client writes the query string itself.
 */
export type RequestOf<K extends EndpointName> = Contract[K]['request'] extends Schema
  ? Contract[K]['method'] extends 'GET'
    ? v.InferOutput<Contract[K]['request']>
    : v.InferInput<Contract[K]['request']>
  : void
export type ResponseOf<K extends EndpointName> = v.InferOutput<Contract[K]['response']>

export type DemoClockTarget = v.InferOutput<Contract['setDemoClock']['request']>['to']

export const SERVER_TIME_HEADER = 'x-server-time'
export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const TILL_KEY_HEADER = 'x-till-key'
/** The staff key: demo powers (the clock, persona rebuilds), later the operator console. */
export const STAFF_KEY_HEADER = 'x-staff-key'
