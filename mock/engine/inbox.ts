/**
 * The member's inbox (消息): the notices stored for them (a tier change, a campaign, an invitation
 * rewarded, the birthday gift) plus the messages made from their state when read, by the served
 * rules (programme.inbox): points about to lapse told as what they buy, a coupon about to lapse and
 * the nearest store it works at, member-day eve, the keep-tier warning, an upgrade, the welcome, a
 * trial seat. Every message has a stable id saying what it is about, so read and deleted survive.
 *
 * WeChat one-time subscribe messages: each grant the member gives covers one message of its kind.
 * Grants are spent when a message of that kind becomes due after the grant (checked on every read;
 * a demo clock move is seen at the next read, dated when the message became due), the most valuable
 * kind first, and what would be sent is kept in an outbox the member sees. Nothing is sent.
 */
import type { Inbox, InboxMessage, InboxRules, Subscriptions } from '../../src/api/contract'
import { couponTitle, storeAllows } from '../../src/domain/coupons'
import { byDistance } from '../../src/domain/geo'
import {
  currentOrNextMemberDay,
  memberDayPerkText,
  upcomingMemberDays,
  type MemberDay,
} from '../../src/domain/member-day'
import { formatPoints, formatYuan } from '../../src/domain/money'
import { DAY_MS, formatMonthDay, shanghai } from '../../src/domain/time'
import { keepForecast, tierIndex } from '../../src/domain/tiers'
import { couponLapseText, lotsLapsingWithin, pointsLapseLine } from './attention'
import { grant, statusOf, template } from './coupons'
import type { CouponRecord, Db, InboxStateRecord, MemberRecord, MessageRecord } from './db'
import { ApiFailure } from './failure'
import { DEFAULT_INBOX, inboxRules, memberDayRemindAt } from './inbox-rules'

/** Grants kept per kind at most (WeChat lets them pile up; a bound keeps the record small). */
export const MAX_GRANTS = 50
const OUTBOX_KEPT = 20
const BIRTHDAY_YEARS_KEPT = 3
/** Ids kept in the read, deleted and sent lists at most, whatever else happens. */
const IDS_KEPT = 300

/** App paths the messages' buttons open (the mock may not import the app's routes). */
const LINKS = {
  rewards: '/packages/rewards/index',
  points: '/packages/points/index',
  tier: '/packages/tier/index',
  memberDay: '/pages/member-day/index',
  coupons: '/pages/coupons/index',
  officer: '/packages/officer/index',
  coupon: (id: string) => `/packages/coupon/index?id=${encodeURIComponent(id)}`,
} as const

/** A programme stored before the inbox existed gets the default rules. */

type Vars = Record<string, string>

/** "{points} 积分" with the values; a name not given stays as written (a wording mistake shows). */
function fill(text: string, vars: Vars): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : whole,
  )
}

function words(rules: InboxRules, kind: string) {
  return rules.words.find((w) => w.kind === kind) ?? DEFAULT_INBOX.words.find((w) => w.kind === kind)!
}

/** A message of a kind in the rules' words, filled. */
function worded(
  rules: InboxRules,
  kind: string,
  id: string,
  at: number,
  vars: Vars,
  link: string | null,
  overrides: { body?: string; action?: string | null } = {},
): MessageRecord {
  const w = words(rules, kind)
  return {
    id,
    at,
    kind,
    title: fill(w.title, vars),
    body: overrides.body ?? fill(w.body, vars),
    why: fill(w.why, vars),
    link,
    action: link ? (overrides.action !== undefined ? overrides.action : w.action) : null,
  }
}

const dayKey = (time: number) => shanghai(time).format('YYYY-MM-DD')

/** The store nearest to the member's last visit where a coupon works, or null (no visit yet, or online only). */
export function nearestStoreFor(
  db: Db,
  member: MemberRecord,
  coupon: CouponRecord,
): { id: string; name: string } | null {
  const t = template(db, coupon.templateId)
  if (t.channel === 'online') return null
  const last = [...member.checkouts].reverse().find((c) => !c.refundedAt)
  const from = last && db.stores.find((s) => s.id === last.storeId)
  if (!from) return null
  const nearest = byDistance(
    from,
    db.stores.filter((s) => storeAllows(t.storeIds, s.id)),
  )[0]
  return nearest ? { id: nearest.item.id, name: nearest.item.name } : null
}

/** 「满30减5 券将于 12月3日 过期」 and the nearest store, due `couponsWithinDays` before it lapses. */
function couponMessage(db: Db, member: MemberRecord, c: CouponRecord): MessageRecord {
  const rules = inboxRules(db)
  const store = nearestStoreFor(db, member, c)
  const vars = {
    line: couponLapseText(db, c),
    store: store ? `，离你常去的门店最近可用的是${store.name}` : '',
    coupon: couponTitle(template(db, c.templateId)),
    date: formatMonthDay(c.validTo),
  }
  const at = Math.max(c.validTo - rules.couponsWithinDays * DAY_MS, c.obtainedAt)
  return worded(rules, 'coupon-expiring', `coupon:${c.id}`, at, vars, LINKS.coupon(c.id))
}

/** The eve of a member day, due `memberDayLeadHours` before it starts. */
function memberDayMessage(db: Db, day: MemberDay): MessageRecord {
  const rules = inboxRules(db)
  const at = memberDayRemindAt(db, day)
  const vars = { title: day.title, date: formatMonthDay(day.startsAt), perk: memberDayPerkText(day) }
  return worded(rules, 'member-day', `member-day:${day.date}`, at, vars, LINKS.memberDay)
}

/**
 * Reminder kinds' messages that became due after `since` and are gone by `now` (no read came while
 * they were listed): a WeChat reminder would have gone out at the time, so a grant is spent on them
 * too. Points are told from the ledger's expiry entries, coupons from their dates, member days from
 * the calendar.
 */
function dueAndGone(db: Db, member: MemberRecord, since: number, now: number): MessageRecord[] {
  const rules = inboxRules(db)
  const out: MessageRecord[] = []
  const within = (at: number) => at >= since && at <= now
  const expired = new Map<string, { expiresAt: number; remaining: number }>()
  for (const e of member.ledger) {
    if (e.type !== 'expire' || e.at > now || !within(e.at - rules.pointsWithinDays * DAY_MS)) continue
    const key = dayKey(e.at)
    const was = expired.get(key)
    expired.set(key, { expiresAt: Math.min(was?.expiresAt ?? e.at, e.at), remaining: (was?.remaining ?? 0) - e.points })
  }
  for (const [key, lot] of expired) {
    const line = pointsLapseLine(db, member, [{ id: key, earnedAt: 0, points: lot.remaining, ...lot }])
    const vars = { points: formatPoints(lot.remaining), date: formatMonthDay(lot.expiresAt) }
    const at = lot.expiresAt - rules.pointsWithinDays * DAY_MS
    out.push(worded(rules, 'points-expiring', `expiry:${key}`, at, vars, LINKS.points, { body: line.text }))
  }
  for (const c of member.coupons) {
    if (c.validTo > now) continue
    const message = couponMessage(db, member, c)
    // Lapsed unused, or used only after it was due.
    if (within(message.at) && (c.status !== 'used' || (c.usedAt ?? 0) > message.at)) out.push(message)
  }
  for (const day of upcomingMemberDays(db.programme.memberDay, since, 13)) {
    const message = memberDayMessage(db, day)
    if (day.endsAt <= now && within(message.at)) out.push(message)
  }
  return out
}

/** The messages made from the member's state now (before deletions), each with its stable id. */
export function derived(db: Db, member: MemberRecord, now: number): MessageRecord[] {
  const rules = inboxRules(db)
  const on = (kind: string) => rules.kinds.includes(kind)
  const out: MessageRecord[] = []
  const tiers = db.programme.tiers

  if (on('points-expiring')) {
    const byDay = new Map<string, typeof member.lots>()
    for (const lot of lotsLapsingWithin(member, now, rules.pointsWithinDays)) {
      const key = dayKey(lot.expiresAt)
      byDay.set(key, [...(byDay.get(key) ?? []), lot])
    }
    for (const [key, lots] of byDay) {
      const expiresAt = Math.min(...lots.map((l) => l.expiresAt))
      const points = lots.reduce((sum, l) => sum + l.remaining, 0)
      const line = pointsLapseLine(db, member, lots)
      const link = line.action?.target === 'rewards' ? LINKS.rewards : LINKS.points
      const at = Math.max(expiresAt - rules.pointsWithinDays * DAY_MS, member.joinedAt)
      const vars = { points: formatPoints(points), date: formatMonthDay(expiresAt) }
      out.push(
        worded(rules, 'points-expiring', `expiry:${key}`, at, vars, link, {
          body: line.text,
          action: line.action?.label ?? null,
        }),
      )
    }
  }

  if (on('coupon-expiring')) {
    const horizon = now + rules.couponsWithinDays * DAY_MS
    for (const c of member.coupons) {
      if (statusOf(c, now) !== 'available' || c.validFrom > now || c.validTo > horizon) continue
      out.push(couponMessage(db, member, c))
    }
  }

  if (on('member-day')) {
    const message = memberDayMessage(db, currentOrNextMemberDay(db.programme.memberDay, now))
    if (now >= message.at) out.push(message)
  }

  const history = member.checkouts.filter((c) => !c.refundedAt)
  if (on('keep-tier')) {
    const keep = keepForecast(tiers, member.tierId, member.tierSince, history, now)
    if (keep && !keep.kept && keep.anniversary - now <= rules.keepWithinDays * DAY_MS) {
      const tier = tiers[tierIndex(tiers, member.tierId)].name
      const vars = {
        tier,
        spend: formatYuan(keep.spendToGoFen),
        visits: String(keep.visitsToGo),
        date: formatMonthDay(keep.anniversary),
        drop: keep.dropToName,
      }
      const at = Math.max(keep.anniversary - rules.keepWithinDays * DAY_MS, member.tierSince)
      out.push(worded(rules, 'keep-tier', `keep:${member.tierId}:${dayKey(keep.anniversary)}`, at, vars, LINKS.tier))
    }
  }

  if (on('upgrade') && now - member.tierSince <= rules.keepNoticeDays * DAY_MS) {
    // The checkout that lifted the member to the tier they hold now (a later refund that undid it moves tierSince).
    const lift = member.activity.find(
      (a) =>
        a.at === member.tierSince &&
        a.tierAfter.id === member.tierId &&
        tierIndex(tiers, a.tierAfter.id) > tierIndex(tiers, a.tierBefore.id),
    )
    if (lift) {
      const rule = tiers[tierIndex(tiers, member.tierId)]
      const vars = { tier: rule.name, benefits: rule.benefits.join('、'), date: formatMonthDay(lift.at) }
      out.push(worded(rules, 'upgrade', `upgrade:${rule.id}:${dayKey(lift.at)}`, lift.at, vars, LINKS.tier))
    }
  }

  if (on('welcome') && now - member.joinedAt <= rules.keepNoticeDays * DAY_MS) {
    const vars = { brand: db.programme.brand, date: formatMonthDay(member.joinedAt) }
    out.push(worded(rules, 'welcome', 'welcome', member.joinedAt, vars, LINKS.coupons))
  }

  if (on('trial')) {
    for (const t of db.trials) {
      const app = t.applications.find((a) => a.memberId === member.id)
      if (!app || app.status !== 'selected' || t.selectedAt === null || now > t.trialTo) continue
      const vars = { trial: t.title, product: t.product, date: formatMonthDay(t.trialTo) }
      out.push(worded(rules, 'trial', `trial:${t.id}`, t.selectedAt, vars, LINKS.officer))
    }
  }
  return out
}

function stateOf(member: MemberRecord): InboxStateRecord {
  return (
    member.inbox ?? {
      readUpTo: 0,
      read: [],
      deleted: [],
      birthdayYears: [],
      grants: [],
      sent: [],
      outbox: [],
    }
  )
}

/** The member's inbox state, created on the member record when first written. */
function writable(member: MemberRecord): InboxStateRecord {
  member.inbox = stateOf(member)
  return member.inbox
}

/** Stored notices (a tier change before kinds existed is a 'tier' one) and derived messages, deletions left out. */
function everything(db: Db, member: MemberRecord, now: number): MessageRecord[] {
  const state = stateOf(member)
  const deleted = new Set(state.deleted)
  const stored = member.messages.map((m) => ({ ...m, kind: m.kind ?? 'tier' }))
  return [...stored, ...derived(db, member, now)]
    .filter((m) => !deleted.has(m.id) && m.at <= now)
    .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
}

function isRead(state: InboxStateRecord, m: MessageRecord): boolean {
  return m.at <= state.readUpTo || state.read.includes(m.id)
}

function view(state: InboxStateRecord, m: MessageRecord): InboxMessage {
  return {
    id: m.id,
    at: m.at,
    title: m.title,
    body: m.body,
    kind: m.kind,
    why: m.why ?? null,
    link: m.link ?? null,
    action: m.action ?? null,
    read: isRead(state, m),
  }
}

/** GET /me/messages: newest first, bounded, with the unread count. */
export function list(db: Db, member: MemberRecord, now: number): Inbox {
  const state = stateOf(member)
  const all = everything(db, member, now)
  return {
    messages: all.slice(0, inboxRules(db).maxMessages).map((m) => view(state, m)),
    unread: all.filter((m) => !isRead(state, m)).length,
    total: all.length,
  }
}

/** The birthday-month gift's year if it is due now (a birthday month, not yet given this year), else null. */
function birthdayDue(db: Db, member: MemberRecord, now: number): number | null {
  if (!inboxRules(db).birthdayCouponTemplateId || !inboxRules(db).kinds.includes('birthday')) return null
  const month = member.birthday ? Number(member.birthday.slice(5, 7)) : null
  const today = shanghai(now)
  if (month !== today.month() + 1) return null
  return stateOf(member).birthdayYears.includes(today.year()) ? null : today.year()
}

/** Grants to spend now: [grant kind, message] pairs in the order they are spent. */
function spendable(db: Db, member: MemberRecord, now: number): { kind: string; message: MessageRecord }[] {
  const state = stateOf(member)
  const out: { kind: string; message: MessageRecord }[] = []
  const live = state.grants.some((g) => g.count > 0) ? everything(db, member, now) : []
  // Most valuable kind first (the rules' order), within a kind the message due first.
  for (const sub of inboxRules(db).subscribe) {
    const g = state.grants.find((x) => x.kind === sub.kind)
    if (!g || g.count <= 0) continue
    const gone = dueAndGone(db, member, g.since, now).filter((m) => !live.some((x) => x.id === m.id))
    const due = [...live, ...gone]
      .filter((m) => m.kind === sub.kind && m.at >= g.since && !state.sent.includes(m.id))
      .sort((a, b) => a.at - b.at)
      .slice(0, g.count)
    for (const message of due) out.push({ kind: sub.kind, message })
  }
  return out
}

/** Whether a read must write first (a birthday gift to give, a grant to spend). */
export function needsSettle(db: Db, member: MemberRecord, now: number): boolean {
  return birthdayDue(db, member, now) !== null || spendable(db, member, now).length > 0
}

/** WeChat's template fields: thing values at most 20 characters. */
function fieldsOf(m: MessageRecord): { key: string; value: string }[] {
  const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s)
  return [
    { key: 'thing1', value: thing(m.title) },
    { key: 'thing2', value: thing(m.body) },
    { key: 'time3', value: shanghai(m.at).format('YYYY-MM-DD HH:mm') },
  ]
}

/** Give the birthday gift once a year and spend grants on due messages. Mutates the record. */
export function settle(db: Db, member: MemberRecord, now: number): void {
  const year = birthdayDue(db, member, now)
  const rules = inboxRules(db)
  if (year !== null && rules.birthdayCouponTemplateId) {
    const state = writable(member)
    const coupon = grant(db, member, rules.birthdayCouponTemplateId, now, '生日礼')
    const vars = {
      name: member.nickname,
      coupon: couponTitle(template(db, coupon.templateId)),
      date: formatMonthDay(coupon.validTo),
      month: String(shanghai(now).month() + 1),
    }
    member.messages.push(worded(rules, 'birthday', `birthday:${year}`, now, vars, LINKS.coupon(coupon.id)))
    state.birthdayYears = [...state.birthdayYears, year].slice(-BIRTHDAY_YEARS_KEPT)
  }
  const spend = spendable(db, member, now)
  if (spend.length === 0) return
  const state = writable(member)
  for (const { kind, message } of spend) {
    const g = state.grants.find((x) => x.kind === kind)!
    const sub = rules.subscribe.find((x) => x.kind === kind)!
    g.count = Math.max(0, g.count - 1)
    // Spent earliest first: nothing due before this one is left to find again.
    g.since = Math.max(g.since, message.at)
    state.sent = [...state.sent, message.id].slice(-IDS_KEPT)
    state.outbox = [
      ...state.outbox,
      {
        id: `wx:${message.id}`,
        kind,
        messageId: message.id,
        templateId: sub.templateId,
        title: message.title,
        fields: fieldsOf(message),
        at: message.at,
      },
    ].slice(-OUTBOX_KEPT)
  }
}

/** Keep the read and deleted lists to messages that still exist (bounded by what the inbox holds). */
function prune(db: Db, member: MemberRecord, now: number, state: InboxStateRecord): void {
  const ids = new Set([...member.messages.map((m) => m.id), ...derived(db, member, now).map((m) => m.id)])
  state.read = state.read.filter((id) => ids.has(id)).slice(-IDS_KEPT)
  state.deleted = state.deleted.filter((id) => ids.has(id)).slice(-IDS_KEPT)
}

function find(db: Db, member: MemberRecord, id: string, now: number): MessageRecord {
  const m = everything(db, member, now).find((x) => x.id === id)
  if (!m) throw new ApiFailure(404, 'message_unknown', '找不到这条消息，可能已删除，请刷新后再试')
  return m
}

/** 标为已读: one message, or all of them (全部已读). */
export function markRead(db: Db, member: MemberRecord, id: string | null, now: number): { unread: number } {
  const state = writable(member)
  if (id === null) {
    state.readUpTo = now
    state.read = []
  } else {
    const m = find(db, member, id, now)
    if (!isRead(state, m)) state.read = [...state.read, m.id]
  }
  prune(db, member, now, state)
  return { unread: list(db, member, now).unread }
}

/** 删除: a stored notice goes; a derived message is remembered as deleted (it would be made again). */
export function remove(db: Db, member: MemberRecord, id: string, now: number): { unread: number } {
  const m = find(db, member, id, now)
  const state = writable(member)
  if (member.messages.some((x) => x.id === m.id)) member.messages = member.messages.filter((x) => x.id !== m.id)
  else state.deleted = [...state.deleted, m.id]
  state.read = state.read.filter((x) => x !== m.id)
  prune(db, member, now, state)
  return { unread: list(db, member, now).unread }
}

/** The reminder kinds with grants left, and what was sent (newest first). */
export function subscriptions(db: Db, member: MemberRecord): Subscriptions {
  const state = stateOf(member)
  return {
    kinds: inboxRules(db).subscribe.map((s) => ({
      ...s,
      granted: state.grants.find((g) => g.kind === s.kind)?.count ?? 0,
    })),
    outbox: [...state.outbox].reverse().map((o) => ({ ...o, fields: o.fields.map((f) => ({ ...f })) })),
  }
}

/** One more grant of a kind (from WeChat's subscribe sheet); never past MAX_GRANTS. */
export function addGrant(member: MemberRecord, kind: string, now: number): void {
  const state = writable(member)
  const g = state.grants.find((x) => x.kind === kind)
  if (!g) state.grants = [...state.grants, { kind, count: 1, since: now }]
  else {
    // A new wait starts when none was left: messages due before it are not reminded.
    if (g.count === 0) g.since = now
    g.count = Math.min(MAX_GRANTS, g.count + 1)
  }
}

/** The member-day reminder a 会员日提醒 grant stands for (the next member day's eve), or null with none left. */
export function memberDayGrantReminder(
  db: Db,
  member: MemberRecord,
  now: number,
): { date: string; remindAt: number } | null {
  if ((member.inbox?.grants.find((g) => g.kind === 'member-day')?.count ?? 0) === 0) return null
  const day = currentOrNextMemberDay(db.programme.memberDay, now)
  return { date: day.date, remindAt: memberDayRemindAt(db, day) }
}

/** One grant of a kind taken back (the member-day reminder turned off); never below 0. */
export function takeGrant(member: MemberRecord, kind: string): void {
  const g = member.inbox?.grants.find((x) => x.kind === kind)
  if (g) g.count = Math.max(0, g.count - 1)
}

/** POST /me/subscriptions: grants the member gave in WeChat's sheet, one per kind named. */
export function subscribe(db: Db, member: MemberRecord, kinds: readonly string[], now: number): Subscriptions {
  const known = inboxRules(db).subscribe.map((s) => s.kind)
  const unknown = kinds.find((k) => !known.includes(k))
  if (unknown !== undefined) throw new ApiFailure(400, 'subscription_unknown', '没有这种提醒，请刷新后再试')
  for (const kind of kinds) addGrant(member, kind, now)
  settle(db, member, now)
  return subscriptions(db, member)
}
