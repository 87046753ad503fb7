/**
 * The card's hero slot (one item chosen per member by served rules, with why), the badge ceremony
 * flag, and 我的标签 (what the brand infers from behaviour, with evidence). This file imports nothing
 * from schemas.ts: schemas.ts takes the hero parts for the card and the programme from here.
 */
import * as v from 'valibot'

const Count = v.pipe(v.number(), v.integer(), v.minValue(1))
const Hour = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24))

/** What a hero item's button does: open a part of the app, or claim the offer it names (`id`). */
export const HeroActionSchema = v.object({
  /** "立即领取", "出示会员码" */
  label: v.string(),
  /** 'claim' (with `id` the offer), 'code', 'coupons', 'tier', 'member-day', 'stores', 'store' (with `id` the store). */
  target: v.string(),
  id: v.optional(v.nullable(v.string()), null),
})

/** One step of the first-purchase tasks: what to do, what it earns, and whether it is done. */
export const HeroTaskSchema = v.object({ text: v.string(), reward: v.string(), done: v.boolean() })

/**
 * The one item the card shows between the attention line and the actions, chosen by the backend
 * for this member now. Kind and target are open strings: an app that does not know a target shows
 * the item without its button.
 */
export const HeroSchema = v.object({
  kind: v.string(),
  title: v.string(),
  body: v.string(),
  /** Which rule chose it, in the member's words: 「因为你已 63 天没有到店」. */
  why: v.string(),
  tasks: v.optional(v.array(HeroTaskSchema), []),
  action: v.nullable(HeroActionSchema),
})

/** A greeting by time of day, for a member no other rule applies to (hours are Shanghai, [from, to)). */
const HeroTimeSlotSchema = v.object({
  fromHour: Hour,
  toHour: Hour,
  title: v.string(),
  body: v.string(),
  /** 「因为现在是上午」 */
  why: v.string(),
})

/**
 * The hero rules, served in the programme: which kind comes first when several apply, and each
 * rule's thresholds and words. The backend evaluates them (mock/engine/hero.ts).
 */
export const HeroRulesSchema = v.object({
  /** Kinds, first that applies wins: 'win-back', 'first-purchase', 'tier-near', 'member-day', 'nearby-store', 'time-of-day'. */
  order: v.array(v.string()),
  /** A member whose last visit is this many days ago or more is offered the win-back coupon. */
  lapsedDays: Count,
  /** Members in these RFM segments (ids as in src/domain/rfm.ts: 'important-winback'…) are offered it too, however recent their last visit. */
  winBackSegments: v.array(v.string()),
  /** The win-back offer: claimed once per member (the id changes with each campaign). */
  winBack: v.object({ offerId: v.string(), templateId: v.string(), title: v.string() }),
  /** The first-purchase tasks show for this many days after joining, until all are done. */
  newMemberDays: Count,
  /** 'birthday' (a birthday on the profile), 'first-visit' (a first checkout), 'use-coupon' (a coupon used). */
  firstTasks: v.array(v.object({ id: v.string(), text: v.string(), reward: v.string() })),
  /** Close to the next tier: this many visits to go, or this much spend (fen), or less. */
  nearVisits: v.pipe(v.number(), v.integer(), v.minValue(0)),
  nearSpendFen: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The member-day item shows on the eve from this hour, and on the day until this hour. */
  eveFromHour: Hour,
  dayUntilHour: Hour,
  timeOfDay: v.array(HeroTimeSlotSchema),
})

/** A badge the member has earned and not yet been shown a ceremony for (cleared with POST /me/celebrated). */
export const CelebrateSchema = v.object({ badge: v.string(), title: v.string(), subtitle: v.string() })

/** One thing the brand infers about the member from their visits and purchases, with the evidence. */
export const TagSchema = v.object({
  id: v.string(),
  /** 'visits', 'store', 'time', 'member-day', 'coupons', 'points' */
  group: v.string(),
  /** 「常客」 */
  label: v.string(),
  /** 「近 90 天到店 14 次」 */
  evidence: v.string(),
})

export const MyTagsSchema = v.object({
  tags: v.array(TagSchema),
  /** The RFM segment the brand places the member in, with what it means; null before any visit. */
  segment: v.nullable(v.object({ name: v.string(), meaning: v.string(), evidence: v.string() })),
  /** What the tags are made from, in words (visits, purchases, coupons and points; never looks, age or gender). */
  basis: v.string(),
})

export type Hero = v.InferOutput<typeof HeroSchema>
export type HeroRules = v.InferOutput<typeof HeroRulesSchema>
export type Celebrate = v.InferOutput<typeof CelebrateSchema>
export type Tag = v.InferOutput<typeof TagSchema>
export type MyTags = v.InferOutput<typeof MyTagsSchema>
