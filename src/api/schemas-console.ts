/**
 * The entities of 运营台, the operator console (staff only): RFM segments of the member base,
 * campaigns sent to a segment (a coupon and/or a message), and the programme's economics (points
 * issued, redeemed, expired; liability; cost as a share of member sales). Re-exported by contract.ts,
 * which holds their endpoints.
 */
import * as v from 'valibot'
import { SEGMENT_IDS } from '@/domain/rfm'
import { PERSONA_IDS, Ref } from './schemas'

const Time = v.pipe(v.number(), v.integer(), v.minValue(0))
const Fen = v.pipe(v.number(), v.integer())
const Count = v.pipe(v.number(), v.integer(), v.minValue(0))
/** A percentage with one decimal (42.5 means 42.5 %). */
const Pct = v.number()
const Cuts = v.tuple([v.number(), v.number(), v.number(), v.number()])

export { SEGMENT_IDS }

/** A segment id from a request: one of the named segments, refused in words otherwise. */
export const SegmentIdInput = v.picklist(SEGMENT_IDS, '没有这个会员分群')

export const RfmCutsSchema = v.object({
  /** Days since the last visit at the 20th/40th/60th/80th percentile (fewer days scores higher). */
  recencyDays: Cuts,
  /** Visits in the last 12 months at the same percentiles. */
  frequency: Cuts,
  /** Spend in the last 12 months (fen) at the same percentiles. */
  monetaryFen: Cuts,
})

/** A member shown as an example of a segment: name masked, measures as the segment saw them. */
export const SegmentExampleSchema = v.object({
  /** 周** — never the full name. */
  name: v.string(),
  tierName: v.string(),
  recencyDays: v.nullable(Count),
  frequency: Count,
  monetaryFen: Fen,
  /** Set when the member is a demo persona (so the console can point at it). */
  persona: v.nullable(v.picklist(PERSONA_IDS)),
})

export const SegmentSchema = v.object({
  id: v.picklist(SEGMENT_IDS),
  name: v.string(),
  /** What the segment means, in one line. */
  meaning: v.string(),
  members: Count,
  /** The segment's spend in the last 12 months, and its share of all members' spend (%). */
  spendFen: Fen,
  shareOfSalesPct: Pct,
  avgSpendFen: Fen,
  examples: v.array(SegmentExampleSchema),
})

export const SegmentsReportSchema = v.object({
  asOf: Time,
  /** Members segmented: the demo population plus the members in the backend's state (personas included). */
  members: Count,
  populationMembers: Count,
  stateMembers: Count,
  /** All members' spend in the last 12 months. */
  salesFen: Fen,
  /** Share of that spend from the top 20 % of members by spend (%). */
  top20SharePct: Pct,
  /** The cut points the segments were placed by (this population's quintiles). */
  cuts: RfmCutsSchema,
  /** The served cut points one member is placed by without the population. */
  defaultCuts: RfmCutsSchema,
  /** A score at or above these is high (scores are 1–5). */
  highScore: v.object({ r: Count, f: Count, m: Count }),
  /** Joined fewer days ago than this: 新客, whatever the scores. */
  newMemberDays: Count,
  segments: v.array(SegmentSchema),
})

/** A coupon a campaign can send: an existing coupon template, with what a campaign of it is expected to bring. */
export const CampaignOfferSchema = v.object({
  templateId: v.string(),
  /** 满50减10, 拿铁一杯… */
  title: v.string(),
  kind: v.picklist(['amount', 'discount', 'item']),
  /** What one used coupon costs the programme (fen). */
  faceValueFen: Fen,
  /** Expected share of sent coupons that get used (%, served). */
  expectedRedemptionPct: Pct,
  validDays: Count,
})

/** The served campaign rules. */
export const CampaignRulesSchema = v.object({
  /** Campaigns one member gets at most in any 7 days; more are skipped for them. */
  weeklyCap: Count,
  /** The window the cap counts in (days). */
  capDays: Count,
})

const MessageInput = v.strictObject({
  title: v.pipe(
    v.string(),
    v.check((x) => x.trim() !== '', '请填写消息标题'),
    v.maxLength(20, '消息标题最多 20 字'),
  ),
  body: v.pipe(
    v.string(),
    v.check((x) => x.trim() !== '', '请填写消息内容'),
    v.maxLength(80, '消息内容最多 80 字'),
  ),
})

/** What a campaign sends: to a segment, a coupon template and/or a message (at least one). */
export const CampaignRequestSchema = v.strictObject({
  segmentId: SegmentIdInput,
  /** An existing coupon template (GET /staff/console/campaigns lists them), or none for a message alone. */
  templateId: v.optional(v.nullable(Ref(40))),
  message: v.optional(v.nullable(MessageInput)),
})

/** What a campaign would do, before it is sent. */
export const CampaignPreviewSchema = v.object({
  segmentId: v.picklist(SEGMENT_IDS),
  segmentName: v.string(),
  templateId: v.nullable(v.string()),
  /** The coupon's title, or null for a message alone. */
  offerTitle: v.nullable(v.string()),
  /** Members in the segment. */
  reach: Count,
  /** Of them, skipped: they already had the weekly cap of campaigns in the last 7 days. */
  capped: Count,
  /** Members it goes to (reach − capped). */
  sendTo: Count,
  expectedRedemptionPct: Pct,
  /** sendTo × the expected redemption rate, rounded. */
  expectedRedemptions: Count,
  faceValueFen: Fen,
  /** Face value × expected redemptions. */
  expectedCostFen: Fen,
  /** The notice as members will see it. */
  message: v.object({ title: v.string(), body: v.string(), why: v.string(), action: v.nullable(v.string()) }),
})

/** A campaign sent, with its results so far. */
export const CampaignSchema = v.object({
  id: v.string(),
  at: Time,
  segmentId: v.picklist(SEGMENT_IDS),
  segmentName: v.string(),
  templateId: v.nullable(v.string()),
  offerTitle: v.nullable(v.string()),
  title: v.string(),
  body: v.string(),
  reach: Count,
  capped: Count,
  /** Members it was sent to: in the backend's state (each got a message and coupon) and in the demo population (counted). */
  sent: Count,
  sentToState: Count,
  expectedRedemptions: Count,
  expectedCostFen: Fen,
  /** Campaign coupons used at a till so far (members in the state). */
  couponsUsed: Count,
})

export const CampaignsListSchema = v.object({
  rules: CampaignRulesSchema,
  offers: v.array(CampaignOfferSchema),
  /** Newest first. */
  campaigns: v.array(CampaignSchema),
})

const MonthSchema = v.object({
  /** "2026-03" (Shanghai calendar). */
  month: v.string(),
  issued: Count,
  redeemed: Count,
  expired: Count,
  memberSalesFen: Fen,
})

export const EconomicsSchema = v.object({
  asOf: Time,
  /** The calendar year the figures cover (Shanghai), from 1 January to now. */
  year: Count,
  rules: v.object({
    /** Points earned per ¥1 spent (before tier multipliers). */
    earnPointsPerYuan: v.number(),
    /** Points worth ¥1 when redeemed. */
    pointsPerYuan: Count,
    /** Share of outstanding points expected to be redeemed some day (%, served). */
    expectedRedemptionPct: Pct,
    /** A traditional programme's cost as a share of member sales (%, served). */
    traditionalCostPct: Pct,
    /** Cost of one trial voucher (the drink given), fen (served). */
    trialVoucherCostFen: Fen,
  }),
  points: v.object({
    issued: Count,
    redeemed: Count,
    expired: Count,
    /** Balances held now, and what they may cost: outstanding × value of a point × expected redemption. */
    outstanding: Count,
    liabilityFen: Fen,
    /** Redeemed ÷ issued this year (%). */
    redemptionRatePct: Pct,
    /** Expired ÷ (redeemed + expired) this year: the share of points leaving the books unspent (%). */
    breakagePct: Pct,
  }),
  cost: v.object({
    redemptionsFen: Fen,
    couponsFen: Fen,
    partnerPerksFen: Fen,
    trialVouchersFen: Fen,
    totalFen: Fen,
    /** Total ÷ member sales this year (%), next to the traditional programme's. */
    shareOfMemberSalesPct: Pct,
  }),
  sales: v.object({
    memberSalesFen: Fen,
    nonMemberSalesFen: Fen,
    /** Members' share of all sales (%). */
    memberSharePct: Pct,
    /** Where non-member sales come from: anonymous checkouts in the state, or the served assumption. */
    nonMemberSource: v.picklist(['checkouts', 'assumption']),
  }),
  monthly: v.array(MonthSchema),
})

export type RfmCutsView = v.InferOutput<typeof RfmCutsSchema>
export type SegmentView = v.InferOutput<typeof SegmentSchema>
export type SegmentExample = v.InferOutput<typeof SegmentExampleSchema>
export type SegmentsReport = v.InferOutput<typeof SegmentsReportSchema>
export type CampaignOffer = v.InferOutput<typeof CampaignOfferSchema>
export type CampaignRules = v.InferOutput<typeof CampaignRulesSchema>
export type CampaignRequest = v.InferOutput<typeof CampaignRequestSchema>
export type CampaignPreview = v.InferOutput<typeof CampaignPreviewSchema>
export type Campaign = v.InferOutput<typeof CampaignSchema>
export type CampaignsList = v.InferOutput<typeof CampaignsListSchema>
export type Economics = v.InferOutput<typeof EconomicsSchema>
