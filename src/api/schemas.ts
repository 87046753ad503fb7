/**
 * The entities the API carries (cards, programme rules, receipts, coupons…), as valibot schemas,
 * with their types inferred from them. The endpoint table that uses them is contract.ts.
 */
import * as v from 'valibot'
import type { TierRule } from '@/domain/tiers'
import type { MemberDayRules } from '@/domain/member-day'
import type { OpeningHours } from '@/domain/places'
import { CelebrateSchema, HeroRulesSchema, HeroSchema } from './schemas-hero'
import { InboxMessageSchema, InboxRulesSchema } from './schemas-inbox'
import { InvitationRulesSchema } from './schemas-invite'

export const PERSONA_IDS = ['new', 'silver', 'gold-drop', 'expiring', 'black'] as const
export type PersonaId = (typeof PERSONA_IDS)[number]

/** Money in fen, points and epoch-ms times: integers on the wire. */
export const Fen = v.pipe(v.number(), v.integer())
export const Points = v.pipe(v.number(), v.integer())
export const Time = v.pipe(v.number(), v.integer(), v.minValue(0))

/** Names every JavaScript object answers to (`__proto__`, `constructor`, `toString`…, and `prototype`). */
/** Names every plain object inherits: never an id, a token or a key from outside. */
export const INHERITED_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
])
export const isInheritedName = (value: string): boolean => INHERITED_NAMES.has(value)

/**
 * An id, token or code a client sends (the backend looks things up by it): a string of at most
 * `max` characters that is never one of the names above.
 */
export const Ref = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max),
    v.check((value) => !INHERITED_NAMES.has(value), '编号无效'),
  )

export const TierRuleSchema = v.object({
  id: v.string(),
  name: v.string(),
  spendFen: Fen,
  visits: v.pipe(v.number(), v.integer()),
  keepSpendFen: Fen,
  keepVisits: v.pipe(v.number(), v.integer()),
  multiplierPct: v.pipe(v.number(), v.integer()),
  color: v.string(),
  benefits: v.array(v.string()),
})

const MemberDayPerksSchema = v.object({
  title: v.string(),
  multiplierPct: v.pipe(v.number(), v.integer(), v.minValue(100)),
})

/** Every month on `dayOfMonth`; in `quarterlyMonths` the bigger one. */
export const MemberDayRulesSchema = v.object({
  dayOfMonth: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(28)),
  quarterlyMonths: v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(12))),
  monthly: MemberDayPerksSchema,
  quarterly: MemberDayPerksSchema,
})

const Count = v.pipe(v.number(), v.integer(), v.minValue(1))

/** The spans and distances the programme's rules and words use: served, so no page restates them. */
export const HorizonsSchema = v.object({
  /** Tiers are earned on spend or visits over this many months, rolling ("近 12 个月"). */
  rollingMonths: v.pipe(Count, v.maxValue(36)),
  /** Points expiring within this many days are listed and told as what they buy. */
  expiringWithinDays: Count,
  /** An available coupon with less than this many days left shows a countdown instead of its end date. */
  couponCountdownDays: Count,
  /** How long the card shows a notice (a tier change at the anniversary), in days. */
  noticeDays: Count,
  /** Demo location: how far north of a store (metres) the phone pretends to be. */
  demoDistanceM: Count,
})

/**
 * How the card's attention line is chosen: which kind comes first when several apply, and how near
 * a lapse has to be before it is the most urgent thing.
 */
export const AttentionRulesSchema = v.object({
  /** Kinds, most urgent first: 'member-day', 'points-expiring', 'coupons-expiring'. */
  order: v.array(v.string()),
  /** Points lapsing within this many days are told on the card. */
  pointsWithinDays: Count,
  /** Available coupons lapsing within this many days are told on the card. */
  couponsWithinDays: Count,
})

/** Customer service as the programme offers it: a line for everyone and, for the tiers that promise it, 专属客服. */
export const ServiceSchema = v.object({
  /** A phone number to dial (H5 and the mini-program's fallback; WeChat's own chat is the first choice there). */
  phone: v.string(),
  /** When it answers, in words: "每天 9:00–21:00". */
  hours: v.string(),
  /** A dedicated line for the tiers listed (the 黑金 benefit 专属客服), or null. */
  dedicated: v.nullable(
    v.object({ title: v.string(), tierIds: v.array(v.string()), phone: v.string(), hours: v.string() }),
  ),
})

export const ProgrammeSchema = v.object({
  brand: v.string(),
  tiers: v.pipe(v.array(TierRuleSchema), v.minLength(1)),
  /** Points that are worth ¥1 when redeemed. */
  pointsPerYuan: v.pipe(v.number(), v.integer(), v.minValue(1)),
  memberDay: MemberDayRulesSchema,
  horizons: HorizonsSchema,
  /** Absent from a programme stored before the card had an attention line. */
  attention: v.optional(AttentionRulesSchema),
  /** What joining gives at once (the 入会礼 coupons), for the join page to lead with; none from an older backend. */
  joinGifts: v.optional(
    v.array(
      v.object({
        /** "满50减10" */
        title: v.string(),
        /** The coupon's rules in plain words. */
        rules: v.array(v.string()),
        image: v.optional(v.nullable(v.string()), null),
      }),
    ),
  ),
  service: ServiceSchema,
  /** The card's hero slot rules (absent from an older backend). */
  hero: v.optional(HeroRulesSchema),
  /** How the inbox (消息) is made; absent from a programme stored before it. */
  inbox: v.optional(InboxRulesSchema),
  /** 邀请有礼's rules and words (absent from an older backend). */
  invitations: v.optional(InvitationRulesSchema),
})

const Digits = (n: number) => v.pipe(v.string(), v.regex(new RegExp(`^\\d{${n}}$`)))

/** The per-card secret the phone makes its offline member codes from (rotated at every sign-in). */
export const CodeSecretSchema = v.object({
  cardId: Digits(10),
  /** 20 random bytes, hex. */
  secret: v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/)),
  issuedAt: Time,
})

export const SessionSchema = v.object({
  token: v.string(),
  expiresAt: Time,
  /** Null until this WeChat user has joined. */
  memberId: v.nullable(v.string()),
  persona: v.nullable(v.picklist(PERSONA_IDS)),
  /**
   * A member's sign-in comes with a fresh member-code secret (the one before keeps working for the
   * grace period), so a first code needs no second round trip. Absent for a visitor and from an
   * older backend.
   */
  codeSecret: v.optional(CodeSecretSchema),
})

/**
 * The one most urgent thing for this member, chosen by the backend (points lapsing told as what they
 * buy, today's member day, coupons about to lapse). Kind and target are open strings: a newer
 * backend may add kinds, and an app that does not know a target shows the line without its button.
 */
export const AttentionSchema = v.object({
  kind: v.string(),
  text: v.string(),
  action: v.nullable(
    v.object({
      /** "去兑换" */
      label: v.string(),
      /** Where it leads: 'rewards', 'member-day', 'coupons', 'points'. */
      target: v.string(),
    }),
  ),
})

export const MemberCardSchema = v.object({
  memberId: v.string(),
  cardId: v.pipe(v.string(), v.regex(/^\d{10}$/)),
  nickname: v.string(),
  phoneMasked: v.string(),
  birthday: v.nullable(v.string()),
  city: v.nullable(v.string()),
  joinedAt: Time,
  tierId: v.string(),
  tierName: v.string(),
  tierColor: v.string(),
  tierSince: Time,
  points: Points,
  /** Spend and visits over the programme's rolling window (`horizons.rollingMonths`). */
  stats: v.object({ spendFen: Fen, visits: v.pipe(v.number(), v.integer()) }),
  progress: v.nullable(
    v.object({
      nextTierId: v.string(),
      nextTierName: v.string(),
      spendToGoFen: Fen,
      visitsToGo: v.pipe(v.number(), v.integer()),
      ratio: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
    }),
  ),
  keep: v.nullable(
    v.object({
      anniversary: Time,
      kept: v.boolean(),
      spendToGoFen: Fen,
      visitsToGo: v.pipe(v.number(), v.integer()),
      dropToId: v.string(),
      dropToName: v.string(),
    }),
  ),
  /** The member's own invite code, to share. */
  inviteCode: v.string(),
  /** The card's attention line; null when nothing is pressing (absent from an older backend). */
  attention: v.optional(v.nullable(AttentionSchema), null),
  /** Honours shown on the card face, e.g. 体验官 (absent from older backends). */
  badges: v.optional(v.array(v.string())),
  /** The card's hero item for this member now, with why; null when no rule applies (absent from an older backend). */
  hero: v.optional(v.nullable(HeroSchema), null),
  /** A badge earned lately and not celebrated yet: the app shows its ceremony once, then clears it. */
  celebrate: v.optional(v.nullable(CelebrateSchema), null),
})

export const PersonaSchema = v.object({
  id: v.picklist(PERSONA_IDS),
  title: v.string(),
  description: v.string(),
})

const OptionalText = v.optional(v.pipe(v.string(), v.maxLength(64)))

export const JoinRequestSchema = v.strictObject({
  /** Typed by the member (H5, or when they decline WeChat's number). */
  phone: v.optional(v.pipe(v.string(), v.maxLength(20))),
  /** getPhoneNumber's code, which the backend exchanges for the number. */
  phoneCode: v.optional(Ref(128)),
  nickname: v.pipe(v.string(), v.maxLength(64)),
  birthday: OptionalText,
  city: OptionalText,
  /**
   * A friend's invite code (MC + 5 digits). Sent by someone who is a member already, the join is
   * refused (already_member) and the invitation is recorded for the inviter as not counted.
   */
  inviteCode: v.optional(Ref(64)),
  /** The install's device id (as at sign-in): an invitation joined on the inviter's own device does not count. */
  device: v.optional(v.pipe(Ref(64), v.minLength(8))),
})

export const ProfilePatchSchema = v.strictObject({
  nickname: OptionalText,
  /** Empty string clears it. */
  birthday: OptionalText,
  city: OptionalText,
})

export const OkSchema = v.object({ ok: v.literal(true) })

/** What closing the account (注销账号) would take away, as of now: shown before the member confirms. */
export const ErasePreviewSchema = v.object({
  points: Points,
  /** Coupons still usable. */
  coupons: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Redeemed vouchers and gifts not yet used. */
  vouchers: v.pipe(v.number(), v.integer(), v.minValue(0)),
  tierName: v.string(),
  /** A phone that joins again within this many months of closing gets no second 入会礼. */
  rejoinGiftMonths: v.pipe(v.number(), v.integer(), v.minValue(0)),
})

export const EraseResultSchema = v.object({ erasedAt: Time })

const TierRef = v.object({ id: v.string(), name: v.string() })

/** Something that happened to the member's account at a till, for the code page's live result. */
export const ActivityEventSchema = v.object({
  id: v.string(),
  at: Time,
  kind: v.picklist(['checkout', 'refund', 'claim']),
  receiptId: v.string(),
  storeName: v.string(),
  amountFen: Fen,
  /** Signed change to the balance. */
  pointsDelta: Points,
  pointsBalance: Points,
  tierBefore: TierRef,
  tierAfter: TierRef,
  /** Titles of coupons used on this checkout. */
  couponsUsed: v.optional(v.array(v.string()), []),
  /** The member day this checkout fell on (its points multiplied), or null. */
  memberDay: v.optional(v.nullable(MemberDayPerksSchema), null),
})

const Hhmm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/))

export const OpeningHoursSchema = v.object({
  days: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7))), v.minLength(1)),
  open: Hhmm,
  close: Hhmm,
})

export const StoreSchema = v.object({
  id: v.string(),
  name: v.string(),
  city: v.string(),
  address: v.string(),
  phone: v.string(),
  /** GCJ-02, as WeChat's maps use. */
  latitude: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
  longitude: v.pipe(v.number(), v.minValue(-180), v.maxValue(180)),
  hours: v.array(OpeningHoursSchema),
})

/** What a till may see of a member: never the phone, the full card id or the history. */
export const TillMemberSchema = v.object({
  cardIdMasked: v.string(),
  nickname: v.string(),
  tierName: v.string(),
  points: Points,
})

export const ReceiptSchema = v.object({
  receiptId: v.string(),
  at: Time,
  storeId: v.string(),
  storeName: v.string(),
  amountFen: Fen,
  /** The member credited at the till; null for a checkout without a member code. */
  member: v.nullable(TillMemberSchema),
  pointsEarned: Points,
  /** The earn rate applied: the tier's, times the member day's on a member day. */
  multiplierPct: v.pipe(v.number(), v.integer()),
  /** The member day this receipt fell on, or null. */
  memberDay: v.nullable(MemberDayPerksSchema),
  tierBefore: v.nullable(v.string()),
  tierAfter: v.nullable(v.string()),
  /** Coupons written off on this receipt, and what the shopper pays after them (points are earned on that). */
  couponsUsed: v.array(v.object({ id: v.string(), title: v.string(), discountFen: Fen })),
  discountFen: Fen,
  payableFen: Fen,
  /** Signed, single-use token printed as a QR: a member who forgot the code claims the points with it. */
  claimToken: v.string(),
  claimExpiresAt: Time,
  refundedAt: v.nullable(Time),
})

export const RefundSchema = v.object({
  receiptId: v.string(),
  refundedAt: Time,
  pointsReversed: Points,
  spendReversedFen: Fen,
  /** Points from this purchase already spent, so not taken back as points… */
  pointsShortfall: Points,
  /** …and their value in fen, kept back from the cash refund. */
  deductFen: Fen,
})

export const ClaimResultSchema = v.object({
  receiptId: v.string(),
  storeName: v.string(),
  amountFen: Fen,
  pointsEarned: Points,
  pointsBalance: Points,
  tierBefore: TierRef,
  tierAfter: TierRef,
})

export const LEDGER_TYPES = ['earn', 'redeem', 'expire', 'refund', 'adjust'] as const

export const LedgerEntrySchema = v.object({
  id: v.string(),
  at: Time,
  type: v.picklist(LEDGER_TYPES),
  points: Points,
  note: v.string(),
})

export const LedgerPageSchema = v.object({
  entries: v.array(LedgerEntrySchema),
  /** Pass back as `cursor` to get the next (older) page; null at the end. */
  nextCursor: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Entries of this type in all (for the list's length). */
  total: v.pipe(v.number(), v.integer()),
})

export const RewardSchema = v.object({
  id: v.string(),
  name: v.string(),
  /** coupon: lands in the wallet; gift: a voucher with its own code; partner: a partner brand's voucher. */
  kind: v.picklist(['coupon', 'gift', 'partner']),
  description: v.string(),
  points: Points,
  stock: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Lowest tier that may redeem it; null for everyone. */
  minTierId: v.nullable(v.string()),
  minTierName: v.nullable(v.string()),
  /** How one of it is counted in "what your points buy", e.g. { unit: '杯', noun: '拿铁' }. */
  measure: v.object({ unit: v.string(), noun: v.string() }),
  /** A picture key the app draws ('latte') or an image URL; null for none (absent from an older backend). */
  image: v.optional(v.nullable(v.string()), null),
})

export const WalletItemSchema = v.object({
  id: v.string(),
  kind: v.picklist(['coupon', 'gift', 'partner']),
  name: v.string(),
  description: v.string(),
  /** The voucher code shown at the counter or the partner. */
  code: v.string(),
  status: v.picklist(['available', 'used', 'expired']),
  obtainedAt: Time,
  expiresAt: Time,
})

export const PointsSummarySchema = v.object({
  balance: Points,
  /** "8 杯拿铁": what the whole balance buys from the catalogue, or null if not enough for anything. */
  balanceBuys: v.optional(v.nullable(v.string()), null),
  /** Points expiring within the programme's `horizons.expiringWithinDays`, grouped by day, each told as what it buys. */
  expiring: v.array(
    v.object({
      /** End of the day they expire (ms). */
      date: Time,
      points: Points,
      /** "2 杯拿铁" — what these points buy from the catalogue, or null if not enough for anything. */
      buys: v.nullable(v.string()),
      rewardId: v.nullable(v.string()),
    }),
  ),
})

/** A notice: id, time, title and body, and (from the inbox) kind, why, link, action and read. */
export const MessageSchema = InboxMessageSchema

export const CouponSchema = v.object({
  id: v.string(),
  /** "满50减10", "8.5折", "拿铁一杯" */
  title: v.string(),
  kind: v.picklist(['amount', 'discount', 'item']),
  status: v.picklist(['available', 'used', 'expired']),
  thresholdFen: Fen,
  valueFen: Fen,
  channel: v.picklist(['store', 'online', 'any']),
  storesText: v.string(),
  /** Where it works: null for every store (see `channel` too). */
  storeIds: v.nullable(v.array(v.string())),
  /** Minutes after Shanghai midnight it may be used between each day; null for all day. */
  dailyWindow: v.nullable(
    v.object({ fromMinute: v.pipe(v.number(), v.integer()), toMinute: v.pipe(v.number(), v.integer()) }),
  ),
  validFrom: Time,
  validTo: Time,
  source: v.string(),
  /** The full rules in plain words. */
  rules: v.array(v.string()),
  usedAt: v.nullable(Time),
  usedStoreName: v.nullable(v.string()),
  /** A picture key the app draws ('latte') or an image URL; null for none (absent from an older backend). */
  image: v.optional(v.nullable(v.string()), null),
})

/** A member's coupon as the till sees it for the basket at hand. */
export const TillCouponSchema = v.object({
  id: v.string(),
  title: v.string(),
  usable: v.boolean(),
  /** Why not, in words the shopper understands; null when usable. */
  reason: v.nullable(v.string()),
  discountFen: Fen,
  /** The member chose it with 去使用. */
  selected: v.boolean(),
})

const MEMBER_DAY_KINDS = ['monthly', 'quarterly'] as const

/** A member-only product on member days: the member price beside the normal one. */
export const MemberDayProductSchema = v.object({
  id: v.string(),
  name: v.string(),
  description: v.string(),
  priceFen: Fen,
  memberPriceFen: Fen,
  /** The member days it is on. */
  kinds: v.array(v.picklist(MEMBER_DAY_KINDS)),
  /** A picture key the app draws ('latte') or an image URL; null for none (absent from an older backend). */
  image: v.optional(v.nullable(v.string()), null),
})

/** A coupon members claim on a member day, up to `limitPerMember` each day. */
export const MemberDayOfferSchema = v.object({
  id: v.string(),
  title: v.string(),
  rules: v.array(v.string()),
  limitPerMember: v.pipe(v.number(), v.integer(), v.minValue(1)),
  kinds: v.array(v.picklist(MEMBER_DAY_KINDS)),
  minTierId: v.nullable(v.string()),
  minTierName: v.nullable(v.string()),
  /** Days a claimed coupon stays valid. */
  validDays: v.pipe(v.number(), v.integer(), v.minValue(1)),
})

export const MyMemberDaySchema = v.object({
  /** The member day these counts are for (today's, or the next one). */
  date: v.string(),
  claims: v.array(
    v.object({
      offerId: v.string(),
      count: v.pipe(v.number(), v.integer(), v.minValue(0)),
      /** Why this member cannot claim it on that day (tier, limit reached), in words; null if they can. */
      refusal: v.nullable(v.string()),
    }),
  ),
  /** The reminder the member asked for, for this member day, and when it goes out; null if none. */
  reminder: v.nullable(v.object({ date: v.string(), remindAt: Time })),
})

/** Every error response has this body. */
export const ErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) })

export type Programme = v.InferOutput<typeof ProgrammeSchema>
export type Horizons = v.InferOutput<typeof HorizonsSchema>
export type Service = v.InferOutput<typeof ServiceSchema>
export type ErasePreview = v.InferOutput<typeof ErasePreviewSchema>
export type EraseResult = v.InferOutput<typeof EraseResultSchema>
export type MemberCard = v.InferOutput<typeof MemberCardSchema>
export type Attention = v.InferOutput<typeof AttentionSchema>
export type AttentionRules = v.InferOutput<typeof AttentionRulesSchema>
export type Session = v.InferOutput<typeof SessionSchema>
export type Persona = v.InferOutput<typeof PersonaSchema>
export type JoinRequest = v.InferOutput<typeof JoinRequestSchema>
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>
export type CodeSecret = v.InferOutput<typeof CodeSecretSchema>
export type ActivityEvent = v.InferOutput<typeof ActivityEventSchema>
export type Receipt = v.InferOutput<typeof ReceiptSchema>
export type Refund = v.InferOutput<typeof RefundSchema>
export type ClaimResult = v.InferOutput<typeof ClaimResultSchema>
export type TillMember = v.InferOutput<typeof TillMemberSchema>
export type Store = v.InferOutput<typeof StoreSchema>
export type LedgerEntry = v.InferOutput<typeof LedgerEntrySchema>
export type LedgerType = (typeof LEDGER_TYPES)[number]
export type LedgerPage = v.InferOutput<typeof LedgerPageSchema>
export type Reward = v.InferOutput<typeof RewardSchema>
export type WalletItem = v.InferOutput<typeof WalletItemSchema>
export type PointsSummary = v.InferOutput<typeof PointsSummarySchema>
export type Message = v.InferOutput<typeof MessageSchema>
export type Coupon = v.InferOutput<typeof CouponSchema>
export type TillCoupon = v.InferOutput<typeof TillCouponSchema>
export type MemberDayProduct = v.InferOutput<typeof MemberDayProductSchema>
export type MemberDayOffer = v.InferOutput<typeof MemberDayOfferSchema>
export type MyMemberDay = v.InferOutput<typeof MyMemberDaySchema>

// The served tier rules must be usable by the domain's tier functions.
type Assert<T extends true> = T
export type _TierRuleMatchesDomain = Assert<v.InferOutput<typeof TierRuleSchema> extends TierRule ? true : false>
export type _MemberDayRulesMatchDomain = Assert<
  v.InferOutput<typeof MemberDayRulesSchema> extends MemberDayRules ? true : false
>
export type _OpeningHoursMatchDomain = Assert<
  v.InferOutput<typeof OpeningHoursSchema> extends OpeningHours ? true : false
>
