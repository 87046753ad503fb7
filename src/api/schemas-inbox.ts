/**
 * The member's inbox (消息): the messages (stored notices and those made from the member's state),
 * their read state, the served rules that make them, and WeChat one-time subscribe messages (how
 * many reminders of each kind the member granted, and what the backend would have sent).
 * Self-contained (schemas.ts imports the rules for the programme), re-exported by contract.ts.
 */
import * as v from 'valibot'

const Time = v.pipe(v.number(), v.integer(), v.minValue(0))
const Count = v.pipe(v.number(), v.integer(), v.minValue(0))
const Days = v.pipe(v.number(), v.integer(), v.minValue(1))

/** The words of one kind: `{name}` placeholders are filled by the backend. */
const InboxWordsSchema = v.object({
  kind: v.string(),
  title: v.string(),
  body: v.string(),
  /** 「因为…」: why the member gets it. */
  why: v.string(),
  /** The button, or null for none. */
  action: v.nullable(v.string()),
})

/** A reminder kind the member can grant WeChat subscribe messages for (spent in this order). */
export const SubscribeKindSchema = v.object({
  kind: v.string(),
  /** 积分到期提醒 */
  name: v.string(),
  /** The WeChat subscribe-message template it is sent with. */
  templateId: v.string(),
})

/** How the inbox is made: which kinds exist, how far ahead each is told, its words, and the reminders. */
export const InboxRulesSchema = v.object({
  /** The kinds made from the member's state (others arrive as stored notices). */
  kinds: v.array(v.string()),
  /** Points lapsing within this many days get a message per expiry day. */
  pointsWithinDays: Days,
  /** An available coupon lapsing within this many days gets a message. */
  couponsWithinDays: Days,
  /** A tier that is not yet kept gets a warning this many days before its anniversary. */
  keepWithinDays: Days,
  /** The member-day message comes this many hours before the day starts (20:00 the evening before). */
  memberDayLeadHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(48)),
  /** Welcome, upgrade and trial messages are kept this many days. */
  keepNoticeDays: Days,
  /** The coupon template granted once a year in the birthday month, or null for no gift. */
  birthdayCouponTemplateId: v.nullable(v.string()),
  /** The newest this many messages are listed. */
  maxMessages: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
  words: v.array(InboxWordsSchema),
  /** Reminder kinds, most valuable first: a grant is spent on the first due message of its kind. */
  subscribe: v.array(SubscribeKindSchema),
})

/** A message as listed: a stored notice or one made from the member's state. */
export const InboxMessageSchema = v.object({
  /** Stable: a derived message's id says what it is about (`expiry:2026-12-14`, `coupon:<id>`). */
  id: v.string(),
  at: Time,
  title: v.string(),
  body: v.string(),
  kind: v.optional(v.string()),
  /** 「因为你的 680 积分将于 12月14日 过期」 */
  why: v.optional(v.nullable(v.string())),
  /** An app path its button opens, or null. */
  link: v.optional(v.nullable(v.string())),
  action: v.optional(v.nullable(v.string())),
  /** Absent from an older backend: treat as read. */
  read: v.optional(v.boolean()),
})

export const InboxSchema = v.object({
  /** Newest first, at most the rules' `maxMessages`. */
  messages: v.array(InboxMessageSchema),
  unread: v.optional(Count, 0),
  /** All messages, listed or not. */
  total: v.optional(Count),
})

/** What the member's WeChat reminders stand at: grants left per kind and what was sent. */
export const SubscriptionsSchema = v.object({
  kinds: v.array(v.object({ ...SubscribeKindSchema.entries, granted: Count })),
  /** What the backend would have sent through WeChat (the mock sends nothing), newest first. */
  outbox: v.array(
    v.object({
      id: v.string(),
      kind: v.string(),
      messageId: v.string(),
      templateId: v.string(),
      /** The message's title, for 「已通过微信提醒你 …」. */
      title: v.string(),
      /** The template's fields as WeChat takes them (thing1, date2…). */
      fields: v.array(v.object({ key: v.string(), value: v.string() })),
      at: Time,
    }),
  ),
})

export type InboxRules = v.InferOutput<typeof InboxRulesSchema>
export type InboxMessage = v.InferOutput<typeof InboxMessageSchema>
export type Inbox = v.InferOutput<typeof InboxSchema>
export type Subscriptions = v.InferOutput<typeof SubscriptionsSchema>
export type OutboxItem = Subscriptions['outbox'][number]
