/**
 * The entities of 邀请有礼 (a member invites friends with their invite code; a friend's first
 * purchase within the window rewards both), as valibot schemas with their inferred types.
 * Re-exported by contract.ts, which holds their endpoints; the rules are served in the programme.
 */
import * as v from 'valibot'

const Time = v.pipe(v.number(), v.integer(), v.minValue(0))
const Int = v.pipe(v.number(), v.integer())
const Count = v.pipe(v.number(), v.integer(), v.minValue(0))

/**
 * Where an invitation stands, as the inviter sees it: joined and waiting for the first purchase
 * (已加入), rewarded (已首单 · 奖励已到账), rewarded then taken back by a refund (已退款 · 奖励已收回),
 * or not counted, with its reason (未计入).
 */
export const INVITATION_STATES = ['joined', 'rewarded', 'revoked', 'not_counted'] as const

/**
 * Why an invitation does not count: the friend was already a member; joined on the inviter's own
 * device; made no purchase within the window; the inviter's monthly cap was reached; the friend's
 * phone closed an account within the rejoin window. Sent as an open string (a newer backend may add
 * reasons): show `detail`, which words it.
 */
export const INVITATION_REASONS = ['already_member', 'same_device', 'no_purchase', 'monthly_cap', 'rejoined'] as const

/** The programme's invitation rules (GET /programme → `invitations`): pages word nothing themselves. */
export const InvitationRulesSchema = v.object({
  /** "邀请有礼" */
  title: v.string(),
  /** Points the inviter gets when a friend's first purchase counts. */
  inviterPoints: Int,
  /** The coupon the friend gets then (the join page shows it beside the 入会礼). */
  inviteeCoupon: v.object({
    /** "满50减15" */
    title: v.string(),
    rules: v.array(v.string()),
    image: v.nullable(v.string()),
    /** The source the coupon carries among the friend's coupons: 邀请有礼. */
    source: v.string(),
  }),
  /** Days after joining within which the first purchase must be made. */
  windowDays: Count,
  /** Invitations rewarded per inviter per (Shanghai) calendar month at most; past it they are recorded 未计入. */
  monthlyCap: Count,
  /** One line for an entry or a banner: 「好友入会 30 天内首单，你得 500 积分，好友得满50减15券」. */
  summary: v.string(),
  /** The rules in plain words, in order (the page lists them). */
  rules: v.array(v.string()),
  /** What the friend's join page says above the form when it came with a code. */
  inviteeLine: v.string(),
  /** Each reason an invitation may not count, in words. */
  reasons: v.array(v.object({ code: v.string(), text: v.string() })),
})

/** One friend invited, as the inviter sees it. */
export const InvitationSchema = v.object({
  id: v.string(),
  /** The friend's name masked ("林**"), kept when the friend closes their account. */
  friendName: v.string(),
  /** The friend closed their account since (the row says 已注销). */
  friendErased: v.boolean(),
  /** When the friend joined (or, for an existing member who followed the code, when they did). */
  joinedAt: Time,
  state: v.picklist(INVITATION_STATES),
  /** "已加入", "已首单 · 奖励已到账", "已退款 · 奖励已收回", "未计入". */
  stateText: v.string(),
  /** The line under it: 「还剩 12 天完成首单」, 「+500 积分已到账」, the reason in words… */
  detail: v.string(),
  /** One of INVITATION_REASONS when not counted, else null. */
  reason: v.nullable(v.string()),
  /** End of the first-purchase window (null when not counted at joining). */
  deadline: v.nullable(Time),
  /** Whole days left in the window while joined (0 on its last day), else null. */
  daysLeft: v.nullable(Count),
  /** Points this invitation brought the inviter, net of any taken back. */
  points: Int,
  rewardedAt: v.nullable(Time),
  revokedAt: v.nullable(Time),
  /** Rewarded and the app has not shown the reward ceremony yet (POST /me/invitations/seen). */
  ceremonyDue: v.boolean(),
})

/** What the member's sharing did ("my influence"). Share taps are counted only: they are never rewarded. */
export const InfluenceSchema = v.object({
  shareTaps: Count,
  /** Friends who joined with the code (an existing member who followed it is not one). */
  friendsJoined: Count,
  /** Friends whose first purchase counted (and was not refunded). */
  firstPurchases: Count,
  /** Points earned through invitations, net of any taken back. */
  pointsEarned: Int,
})

/** What the app shares: a mini-program card (title, path with the code) and the H5 join link. */
export const InviteShareSchema = v.object({
  code: v.string(),
  /** The share card's title. */
  title: v.string(),
  /** The mini-program page with the code: "/packages/join/index?invite=MC00015". */
  path: v.string(),
  /** The same join page on the H5 site (for a link or a QR outside WeChat). */
  h5Link: v.string(),
})

export const MyInvitationsSchema = v.object({
  share: InviteShareSchema,
  /** Newest first. */
  invitations: v.array(InvitationSchema),
  influence: InfluenceSchema,
  /** This month's rewarded invitations against the served cap. */
  month: v.object({ rewarded: Count, cap: Count }),
  /** Who invited this member and where that stands; null when they joined without a code. */
  invitedBy: v.nullable(
    v.object({
      /** The inviter's name masked, or "已注销会员". */
      name: v.string(),
      state: v.nullable(v.picklist(INVITATION_STATES)),
      /** 「30 天内完成首单即得满50减15券」, 「邀请有礼券已到账」… */
      detail: v.string(),
    }),
  ),
})

/**
 * The mini-program code for the invite (WeChat's wxacode.getUnlimited): `scene` is the invite code,
 * `page` the join page. A real backend answers the PNG WeChat made as a data URL in `image`; a
 * backend that cannot call WeChat (the mock) answers null, and the app draws `fallbackText` (the H5
 * join link) as a QR itself.
 */
export const InviteWxacodeSchema = v.object({
  scene: v.string(),
  /** As WeChat takes it: no leading slash, no query. */
  page: v.string(),
  width: Count,
  image: v.nullable(v.string()),
  fallbackText: v.string(),
})

export type InvitationRules = v.InferOutput<typeof InvitationRulesSchema>
export type Invitation = v.InferOutput<typeof InvitationSchema>
export type InvitationState = (typeof INVITATION_STATES)[number]
export type InvitationReason = (typeof INVITATION_REASONS)[number]
export type Influence = v.InferOutput<typeof InfluenceSchema>
export type InviteShare = v.InferOutput<typeof InviteShareSchema>
export type MyInvitations = v.InferOutput<typeof MyInvitationsSchema>
export type InviteWxacode = v.InferOutput<typeof InviteWxacodeSchema>
