/**
 * The entities of 体验官 (trials of new drinks and beans before launch) and 联盟权益 (partner
 * brands' perks claimed free each period by tier), as valibot schemas with their inferred types.
 * Re-exported by contract.ts, which holds their endpoints.
 */
import * as v from 'valibot'
import { PERIODS } from '@/domain/periods'

const Time = v.pipe(v.number(), v.integer(), v.minValue(0))
const Int = v.pipe(v.number(), v.integer())
const Count = v.pipe(v.number(), v.integer(), v.minValue(0))

/** Where a trial is in its calendar: taking applications, selected and trying, or over. */
export const TRIAL_STAGES = ['upcoming', 'open', 'trial', 'ended'] as const
/** A member's application: none yet, waiting for the close, selected or not. */
export const APPLICATION_STATUSES = ['none', 'applied', 'selected', 'not_selected'] as const

/** A 1–5 score on the feedback form. */
export const Score = v.pipe(v.number(), v.integer(), v.minValue(1, '评分为 1–5 分'), v.maxValue(5, '评分为 1–5 分'))

export const TrialFeedbackSchema = v.object({
  taste: Score,
  sweetness: Score,
  wouldBuy: Score,
  text: v.string(),
  at: Time,
  /** Points it earned (once). */
  points: Int,
  /** The brand's reply ("采纳了你的建议：甜度下调一档"), null until staff reply. */
  reply: v.nullable(v.string()),
  repliedAt: v.nullable(Time),
})

/** A trial as one member sees it: the brand's story and calendar, who may apply, and where this member stands. */
export const TrialSchema = v.object({
  id: v.string(),
  title: v.string(),
  /** The drink or bean tried, e.g. 樱花白桃拿铁. */
  product: v.string(),
  story: v.string(),
  seats: Count,
  /** Applications taken at most; then 报名已满. */
  applyLimit: Count,
  applicants: Count,
  applyFrom: Time,
  applyTo: Time,
  trialFrom: Time,
  trialTo: Time,
  feedbackDue: Time,
  /** Lowest tier that may apply (null: every member), and the rule in words ("金卡及以上会员可申请"). */
  minTierId: v.nullable(v.string()),
  eligibility: v.string(),
  /** How the seats are given at the close, in words (served: the backend applies exactly this). */
  selectionRule: v.string(),
  feedbackPoints: Int,
  stage: v.picklist(TRIAL_STAGES),
  /** Staff closed the application window before its date. */
  closedEarly: v.boolean(),
  /** Why this member cannot apply now (tier, closed, full, already applied), or null when they can. */
  applyBlock: v.nullable(v.string()),
  mine: v.object({
    status: v.picklist(APPLICATION_STATUSES),
    appliedAt: v.nullable(Time),
    note: v.nullable(v.string()),
    /** Why selected or not, in words: the rule, the count, this member's place. */
    result: v.nullable(v.string()),
    /** What comes next, in words (use the voucher by…, give feedback by…). */
    next: v.nullable(v.string()),
    /** The trial voucher (a ¥0 item coupon among the member's coupons). */
    voucher: v.nullable(
      v.object({ couponId: v.string(), status: v.picklist(['available', 'used', 'expired']), validTo: Time }),
    ),
    /** Why feedback cannot be given now (voucher unused, given already, past the due date), or null. */
    feedbackBlock: v.nullable(v.string()),
    feedback: v.nullable(TrialFeedbackSchema),
  }),
})

export const MyTrialsSchema = v.object({
  trials: v.array(TrialSchema),
  officer: v.object({
    /** Trials this member was selected for and gave feedback on. */
    trialsDone: Count,
    /** The badge's name on the card when the member has been an officer ("体验官"), else null. */
    badge: v.nullable(v.string()),
  }),
})

/** A trial as staff see it: counts, feedback to reply to. */
export const StaffTrialSchema = v.object({
  id: v.string(),
  title: v.string(),
  stage: v.picklist(TRIAL_STAGES),
  seats: Count,
  applicants: Count,
  applyTo: Time,
  closedEarly: v.boolean(),
  /** When the seats were given (null until the close). */
  selectedAt: v.nullable(Time),
  selected: Count,
  feedback: v.array(
    v.object({
      memberId: v.string(),
      nickname: v.string(),
      tierName: v.string(),
      taste: Score,
      sweetness: Score,
      wouldBuy: Score,
      text: v.string(),
      at: Time,
      reply: v.nullable(v.string()),
    }),
  ),
})

export const PERK_STATUSES = ['claimable', 'claimed', 'locked', 'sold_out'] as const

/** A partner brand's perk as one member sees it this period. */
export const PartnerPerkSchema = v.object({
  id: v.string(),
  partner: v.string(),
  title: v.string(),
  description: v.string(),
  /** How to use the code at the partner, in words. */
  howToUse: v.string(),
  minTierId: v.nullable(v.string()),
  /** "黑金会员专享", "金卡及以上会员", "全部会员". */
  audience: v.string(),
  period: v.picklist(PERIODS),
  /** "本月", "本季度", "今年". */
  periodLabel: v.string(),
  stockPerPeriod: Count,
  left: Count,
  /** What one claim costs the brand (fen): its value to the member. */
  valueFen: Int,
  status: v.picklist(PERK_STATUSES),
  /** Why not, before any tap: 「黑金会员专享，你目前是金卡」, 「本月已领取，1月1日可再领」, 「本月名额已领完」. */
  reason: v.nullable(v.string()),
  /** This period's claim: the partner code and until when it works. */
  claim: v.nullable(v.object({ code: v.string(), claimedAt: Time, expiresAt: Time })),
})

export type Trial = v.InferOutput<typeof TrialSchema>
export type TrialFeedback = v.InferOutput<typeof TrialFeedbackSchema>
export type MyTrials = v.InferOutput<typeof MyTrialsSchema>
export type StaffTrial = v.InferOutput<typeof StaffTrialSchema>
export type PartnerPerk = v.InferOutput<typeof PartnerPerkSchema>
