/**
 * The inbox's default rules (served in GET /programme as `inbox`): which kinds are made, how far
 * ahead, their words, and the WeChat reminder kinds in the order grants are spent. Apart from
 * inbox.ts so the programme can hold them without importing the inbox's logic.
 */
import type { InboxRules } from '../../src/api/contract'
import type { MemberDay } from '../../src/domain/member-day'
import { HOUR_MS } from '../../src/domain/time'
import type { Db } from './db'

/** The WeChat subscribe-message template of the member-day reminder (a demo id). */
export const REMINDER_TEMPLATE_ID = 'demo-member-day-reminder'

export const DEFAULT_INBOX: InboxRules = {
  kinds: ['points-expiring', 'coupon-expiring', 'member-day', 'keep-tier', 'upgrade', 'welcome', 'birthday', 'trial'],
  pointsWithinDays: 30,
  couponsWithinDays: 3,
  keepWithinDays: 30,
  memberDayLeadHours: 4,
  keepNoticeDays: 30,
  birthdayCouponTemplateId: 't-latte',
  maxMessages: 100,
  words: [
    {
      kind: 'points-expiring',
      title: '积分即将过期',
      body: '',
      why: '因为你的 {points} 积分将于 {date} 过期',
      action: '去兑换',
    },
    {
      kind: 'coupon-expiring',
      title: '优惠券即将过期',
      body: '{line}{store}',
      why: '因为你的{coupon}券将于 {date} 过期',
      action: '去使用',
    },
    {
      kind: 'member-day',
      title: '明天是{title}',
      body: '{date} {perk}，会员专享券当天可领，到店出示会员码即可',
      why: '因为 {date} 是{title}',
      action: '去看看',
    },
    {
      kind: 'keep-tier',
      title: '{tier}保级提醒',
      body: '再消费 {spend} 或到店 {visits} 次，即可在 {date} 保住{tier}；否则将调整为{drop}',
      why: '因为你的{tier}将于 {date} 按这一年的消费重新评定',
      action: '去看看',
    },
    {
      kind: 'upgrade',
      title: '恭喜升级为{tier}',
      body: '{tier}权益已生效：{benefits}',
      why: '因为你在 {date} 的消费让累计达到了{tier}条件',
      action: '看看权益',
    },
    {
      kind: 'welcome',
      title: '欢迎加入{brand}',
      body: '入会礼券已放进你的卡包，结账时出示会员码即可使用',
      why: '因为你在 {date} 成为{brand}会员',
      action: '去看看',
    },
    {
      kind: 'birthday',
      title: '生日快乐，{name}',
      body: '送你一张{coupon}券，已放进卡包，{date} 前有效',
      why: '因为 {month} 月是你的生日月，每年送一次',
      action: '去使用',
    },
    {
      kind: 'trial',
      title: '你已入选体验官：{trial}',
      body: '凭体验券到店免费领取{product}，{date} 前有效，体验后记得反馈',
      why: '因为你报名了这期体验官，并按等级和到店次数入选',
      action: '去看看',
    },
  ],
  subscribe: [
    { kind: 'points-expiring', name: '积分到期提醒', templateId: 'demo-points-expiry' },
    { kind: 'coupon-expiring', name: '优惠券到期提醒', templateId: 'demo-coupon-expiry' },
    { kind: 'member-day', name: '会员日提醒', templateId: REMINDER_TEMPLATE_ID },
  ],
}

/** The inbox rules in force: the served ones, or the defaults for a state saved before they were served. */
export function inboxRules(db: Readonly<Db>): InboxRules {
  return db.programme.inbox ?? DEFAULT_INBOX
}

/** When a member day's reminder is due: the served lead time before the day starts (the 会员日 page and the inbox alike). */
export function memberDayRemindAt(db: Readonly<Db>, day: MemberDay): number {
  return day.startsAt - inboxRules(db).memberDayLeadHours * HOUR_MS
}
