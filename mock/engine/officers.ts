/**
 * 体验官: trials of a drink or bean before launch. Members apply in a window; at its close (the first
 * read after it, or staff closing it early) the seats are given once by a served rule (tier, then
 * visits in the last 90 days, then who applied first); the selected get a ¥0 item coupon used at the
 * till like any coupon, and after using it give feedback for points, once. Staff reply to feedback.
 */
import type { PersonaId, StaffTrial, Trial } from '../../src/api/contract'
import { balanceOf, lotExpiry } from '../../src/domain/points'
import { DAY_MS, formatMonthDay, HOUR_MS, shanghai } from '../../src/domain/time'
import { tierIndex } from '../../src/domain/tiers'
import { grant, statusOf } from './coupons'
import type { CouponTemplateRecord, Db, MemberRecord, TrialApplicationRecord, TrialRecord } from './db'
import { ApiFailure } from './failure'
import { own } from './records'

/** Visits counted for the selection order: those in this many days before the close. */
export const VISIT_DAYS = 90
/** The honour on the card face of a member who has been selected. */
export const OFFICER_BADGE = '体验官'
export const SELECTION_RULE = `先看会员等级，再看近 ${VISIT_DAYS} 天到店次数，仍相同时先申请者优先`

/** The trial vouchers: ¥0 item coupons (the trial cup is on the brand), at any store. */
export const TRIAL_COUPON_TEMPLATES: CouponTemplateRecord[] = [
  ['t-trial-sakura', '樱花白桃拿铁（体验杯）'],
  ['t-trial-geisha', '瑰夏手冲（体验杯）'],
  ['t-trial-ginger', '姜糖燕麦拿铁（体验杯）'],
].map(([id, itemName]) => ({
  id,
  kind: 'item',
  valueFen: 0,
  discountPct: 100,
  itemName,
  thresholdFen: 0,
  channel: 'store',
  storeIds: null,
  minTierId: null,
  dailyWindow: null,
  validDays: 14,
}))

/** Three trials around `now`: one taking applications, one being tried, one over. */
export function seedTrials(now: number): TrialRecord[] {
  const day = (d: number) =>
    shanghai(now + d * DAY_MS)
      .startOf('day')
      .valueOf()
  const end = (d: number) =>
    shanghai(now + d * DAY_MS)
      .endOf('day')
      .valueOf()
  const trial = (t: Omit<TrialRecord, 'closedEarlyAt' | 'selectedAt' | 'applications'>): TrialRecord => ({
    ...t,
    closedEarlyAt: null,
    selectedAt: null,
    applications: [],
  })
  return [
    trial({
      id: 'tr-sakura',
      title: '春季限定 · 樱花白桃拿铁 体验官招募',
      product: '樱花白桃拿铁',
      story:
        '烘焙师用三个月调出的春季第一杯：白桃果香打底，樱花只在尾韵出现。上市前请 20 位体验官先喝，甜度和花香的比例由你们定。',
      seats: 20,
      applyLimit: 200,
      applyFrom: day(-3),
      applyTo: end(4),
      trialFrom: day(5),
      trialTo: end(18),
      feedbackDue: end(25),
      minTierId: 'gold',
      feedbackPoints: 200,
      voucherTemplateId: 't-trial-sakura',
    }),
    trial({
      id: 'tr-geisha',
      title: '瑰夏新豆 · 上市前品鉴',
      product: '瑰夏手冲',
      story: '巴拿马瑰夏小批次到港，只有 1 位体验官的份额。茉莉花香、柑橘酸质，请告诉我们它值不值得上架。',
      seats: 1,
      applyLimit: 50,
      applyFrom: day(-20),
      applyTo: end(-13),
      trialFrom: day(-12),
      trialTo: end(2),
      feedbackDue: end(9),
      minTierId: 'gold',
      feedbackPoints: 300,
      voucherTemplateId: 't-trial-geisha',
    }),
    trial({
      id: 'tr-ginger',
      title: '冬季限定 · 姜糖燕麦拿铁 体验官',
      product: '姜糖燕麦拿铁',
      story: '老姜熬糖，配燕麦奶。去年冬天它还只是一个想法。',
      seats: 10,
      applyLimit: 100,
      applyFrom: day(-70),
      applyTo: end(-63),
      trialFrom: day(-62),
      trialTo: end(-48),
      feedbackDue: end(-41),
      minTierId: null,
      feedbackPoints: 200,
      voucherTemplateId: 't-trial-ginger',
    }),
  ]
}

const closeAt = (t: TrialRecord) => t.closedEarlyAt ?? t.applyTo
const isClosed = (t: TrialRecord, now: number) => t.closedEarlyAt !== null || now > t.applyTo

export function stageOf(t: TrialRecord, now: number): Trial['stage'] {
  if (now < t.applyFrom) return 'upcoming'
  if (!isClosed(t, now)) return 'open'
  return now <= t.feedbackDue ? 'trial' : 'ended'
}

function tierName(db: Db, tierId: string): string {
  const tiers = db.programme.tiers
  return tiers[tierIndex(tiers, tierId)].name
}

/** "金卡及以上会员可申请"; the top tier alone is "黑金会员可申请". */
function eligibility(db: Db, t: TrialRecord): string {
  if (!t.minTierId) return '全部会员可申请'
  const tiers = db.programme.tiers
  const i = tierIndex(tiers, t.minTierId)
  return i === tiers.length - 1 ? `${tiers[i].name}会员可申请` : `${tiers[i].name}及以上会员可申请`
}

function visitsBefore(member: MemberRecord, at: number): number {
  return member.checkouts.filter((c) => !c.refundedAt && c.at <= at && c.at > at - VISIT_DAYS * DAY_MS).length
}

/** The applicants in the selection order: tier (higher first), visits (more first), applied (earlier first), card id. */
export function ranked(db: Db, t: TrialRecord): { app: TrialApplicationRecord; tierName: string; visits: number }[] {
  const at = closeAt(t)
  const tiers = db.programme.tiers
  return t.applications
    .map((app) => {
      const m = own(db.members, app.memberId)
      return {
        app,
        tier: m ? tierIndex(tiers, m.tierId) : -1,
        card: m?.cardId ?? '',
        tierName: m ? tierName(db, m.tierId) : '',
        visits: m ? visitsBefore(m, at) : 0,
      }
    })
    .sort((a, b) => b.tier - a.tier || b.visits - a.visits || a.app.at - b.app.at || (a.card < b.card ? -1 : 1))
}

/** Give an application its place and outcome; the selected get the trial voucher, valid over the trial window. */
function decide(db: Db, t: TrialRecord, place: ReturnType<typeof ranked>[number], rank: number, now: number): void {
  const { app } = place
  app.rank = rank
  app.tierName = place.tierName
  app.visits = place.visits
  app.status = rank <= t.seats ? 'selected' : 'not_selected'
  const member = own(db.members, app.memberId)
  if (app.status !== 'selected' || !member) return
  const coupon = grant(db, member, t.voucherTemplateId, now, '体验官')
  coupon.validFrom = Math.min(now, t.trialFrom)
  coupon.validTo = t.trialTo
  app.couponId = coupon.id
}

/** Whether a trial's window has closed and its seats are still to be given. */
export function needsSelection(db: Db, now: number): boolean {
  return db.trials.some((t) => t.selectedAt === null && isClosed(t, now))
}

/** Give the seats of every trial whose window has closed, once each. */
export function settle(db: Db, now: number): void {
  for (const t of db.trials) {
    if (t.selectedAt !== null || !isClosed(t, now)) continue
    ranked(db, t).forEach((place, i) => decide(db, t, place, i + 1, now))
    t.selectedAt = now
  }
}

function findTrial(db: Db, trialId: string): TrialRecord {
  const t = db.trials.find((x) => x.id === trialId)
  if (!t) throw new ApiFailure(404, 'trial_unknown', '找不到这期体验官招募，请刷新后再试')
  return t
}

/** Why this member may not apply now, or null. */
function applyRefusal(db: Db, t: TrialRecord, member: MemberRecord, now: number): ApiFailure | null {
  if (t.applications.some((a) => a.memberId === member.id))
    return new ApiFailure(409, 'trial_applied', `你已经申请过了，${formatMonthDay(closeAt(t))}报名截止后公布结果`)
  if (now < t.applyFrom) return new ApiFailure(409, 'trial_not_open', `${formatMonthDay(t.applyFrom)}开始报名`)
  if (isClosed(t, now)) return new ApiFailure(409, 'trial_closed', `报名已于${formatMonthDay(closeAt(t))}截止`)
  const tiers = db.programme.tiers
  if (t.minTierId && tierIndex(tiers, member.tierId) < tierIndex(tiers, t.minTierId))
    return new ApiFailure(403, 'trial_tier', `${eligibility(db, t)}，你目前是${tierName(db, member.tierId)}`)
  if (t.applications.length >= t.applyLimit)
    return new ApiFailure(409, 'trial_full', `本期报名已满（${t.applyLimit} 人），下期早点来`)
  return null
}

function voucherOf(member: MemberRecord, app: TrialApplicationRecord | undefined) {
  return app?.couponId ? member.coupons.find((c) => c.id === app.couponId) : undefined
}

/** Why this member may not give feedback now, or null. */
function feedbackRefusal(t: TrialRecord, member: MemberRecord, now: number): ApiFailure | null {
  const app = t.applications.find((a) => a.memberId === member.id)
  if (!app || app.status !== 'selected')
    return new ApiFailure(403, 'trial_not_selected', '入选本期体验官后才能提交反馈')
  if (app.feedback) return new ApiFailure(409, 'feedback_given', '你已经提交过本期反馈了，每期只能提交一次')
  const voucher = voucherOf(member, app)
  if (!voucher || voucher.status !== 'used')
    return new ApiFailure(409, 'feedback_too_early', `请先到店用体验券兑换${t.product}，品尝后再来反馈`)
  if (now > t.feedbackDue) return new ApiFailure(409, 'feedback_closed', `反馈已于${formatMonthDay(t.feedbackDue)}截止`)
  return null
}

const span = (from: number, to: number) => `${formatMonthDay(from)}–${formatMonthDay(to)}`

/** Where the member stands and what comes next, in words. */
function mineOf(t: TrialRecord, member: MemberRecord, now: number): Trial['mine'] {
  const app = t.applications.find((a) => a.memberId === member.id)
  if (!app)
    return {
      status: 'none',
      appliedAt: null,
      note: null,
      result: null,
      next: null,
      voucher: null,
      feedbackBlock: null,
      feedback: null,
    }
  const voucher = voucherOf(member, app)
  const voucherStatus = voucher ? statusOf(voucher, now) : null
  const place =
    app.rank !== null
      ? `共 ${t.applications.length} 人申请 ${t.seats} 个名额，${SELECTION_RULE}。你排第 ${app.rank}（${app.tierName} · 近 ${VISIT_DAYS} 天到店 ${app.visits} 次）`
      : null
  const result =
    app.status === 'selected' ? `${place}，已入选` : app.status === 'not_selected' ? `${place}，本期未入选` : null
  let next: string
  if (app.status === 'applied')
    next = `${formatMonthDay(closeAt(t))}报名截止后按规则选出 ${t.seats} 位体验官，结果在这里公布`
  else if (app.status === 'not_selected') next = '感谢参与。下期招募开始后会出现在这里，欢迎再来申请'
  else if (app.feedback)
    next = `已提交反馈，获得 ${app.feedback.points} 积分${app.feedback.reply ? '' : '。品牌回复后会显示在这里'}`
  else if (voucherStatus === 'available')
    next = `体验券已放入你的优惠券：${span(voucher?.validFrom ?? t.trialFrom, t.trialTo)}到店出示会员码兑换${t.product}；品尝后${formatMonthDay(t.feedbackDue)}前提交反馈，得 ${t.feedbackPoints} 积分`
  else if (voucherStatus === 'used')
    next =
      now > t.feedbackDue
        ? `反馈已于${formatMonthDay(t.feedbackDue)}截止`
        : `你已品尝${t.product}，${formatMonthDay(t.feedbackDue)}前提交反馈，得 ${t.feedbackPoints} 积分`
  else next = '体验券已过期，本期无法提交反馈'
  return {
    status: app.status,
    appliedAt: app.at,
    note: app.note,
    result,
    next,
    voucher:
      voucher && voucherStatus ? { couponId: voucher.id, status: voucherStatus, validTo: voucher.validTo } : null,
    feedbackBlock: app.status === 'selected' ? (feedbackRefusal(t, member, now)?.userMessage ?? null) : null,
    feedback: app.feedback ? { ...app.feedback } : null,
  }
}

export function trialView(db: Db, t: TrialRecord, member: MemberRecord, now: number): Trial {
  return {
    id: t.id,
    title: t.title,
    product: t.product,
    story: t.story,
    seats: t.seats,
    applyLimit: t.applyLimit,
    applicants: t.applications.length,
    applyFrom: t.applyFrom,
    applyTo: closeAt(t),
    trialFrom: t.trialFrom,
    trialTo: t.trialTo,
    feedbackDue: t.feedbackDue,
    minTierId: t.minTierId,
    eligibility: eligibility(db, t),
    selectionRule: SELECTION_RULE,
    feedbackPoints: t.feedbackPoints,
    stage: stageOf(t, now),
    closedEarly: t.closedEarlyAt !== null,
    applyBlock: applyRefusal(db, t, member, now)?.userMessage ?? null,
    mine: mineOf(t, member, now),
  }
}

/** The officer's record: trials given feedback on, and the badge once selected for any. */
export function officerOf(db: Db, memberId: string): { trialsDone: number; badge: string | null } {
  const apps = db.trials.flatMap((t) => t.applications.filter((a) => a.memberId === memberId))
  return {
    trialsDone: apps.filter((a) => a.feedback).length,
    badge: apps.some((a) => a.status === 'selected') ? OFFICER_BADGE : null,
  }
}

/** Open and coming trials first, then those being tried, then the ones over; newest first within each. */
export function myTrials(db: Db, member: MemberRecord, now: number) {
  const order = { open: 0, upcoming: 1, trial: 2, ended: 3 }
  return {
    trials: db.trials
      .map((t) => trialView(db, t, member, now))
      .sort((a, b) => order[a.stage] - order[b.stage] || b.applyFrom - a.applyFrom),
    officer: officerOf(db, member.id),
  }
}

export function apply(db: Db, member: MemberRecord, trialId: string, note: string | null, now: number): Trial {
  const t = findTrial(db, trialId)
  const refusal = applyRefusal(db, t, member, now)
  if (refusal) throw refusal
  t.applications.push({
    memberId: member.id,
    at: now,
    note: note?.trim() || null,
    status: 'applied',
    rank: null,
    tierName: null,
    visits: null,
    couponId: null,
    feedback: null,
  })
  return trialView(db, t, member, now)
}

/** Points for feedback: a lot and a ledger entry, like points earned at the till. */
function credit(member: MemberRecord, points: number, note: string, at: number): void {
  member.lots.push({ id: `l-${++member.seq}`, earnedAt: at, expiresAt: lotExpiry(at), points, remaining: points })
  member.ledger.push({ id: `e-${++member.seq}`, at, type: 'earn', points, note })
}

export interface FeedbackInput {
  trialId: string
  taste: number
  sweetness: number
  wouldBuy: number
  text?: string
}

export function feedback(
  db: Db,
  member: MemberRecord,
  input: FeedbackInput,
  now: number,
): { trial: Trial; pointsEarned: number; balance: number } {
  const t = findTrial(db, input.trialId)
  const refusal = feedbackRefusal(t, member, now)
  if (refusal) throw refusal
  const app = t.applications.find((a) => a.memberId === member.id)!
  app.feedback = {
    taste: input.taste,
    sweetness: input.sweetness,
    wouldBuy: input.wouldBuy,
    text: input.text?.trim() ?? '',
    at: now,
    points: t.feedbackPoints,
    reply: null,
    repliedAt: null,
  }
  credit(member, t.feedbackPoints, `体验官反馈 · ${t.product}`, now)
  return { trial: trialView(db, t, member, now), pointsEarned: t.feedbackPoints, balance: balanceOf(member.ledger) }
}

export function staffView(db: Db, t: TrialRecord, now: number): StaffTrial {
  return {
    id: t.id,
    title: t.title,
    stage: stageOf(t, now),
    seats: t.seats,
    applicants: t.applications.length,
    applyTo: closeAt(t),
    closedEarly: t.closedEarlyAt !== null,
    selectedAt: t.selectedAt,
    selected: t.applications.filter((a) => a.status === 'selected').length,
    feedback: t.applications.flatMap((a) => {
      const m = own(db.members, a.memberId)
      if (!a.feedback || !m) return []
      const { taste, sweetness, wouldBuy, text, at, reply } = a.feedback
      return [
        {
          memberId: m.id,
          nickname: m.nickname,
          tierName: tierName(db, m.tierId),
          taste,
          sweetness,
          wouldBuy,
          text,
          at,
          reply,
        },
      ]
    }),
  }
}

/** Staff: close the application window now; the seats are given at once. */
export function closeEarly(db: Db, trialId: string, now: number): StaffTrial {
  const t = findTrial(db, trialId)
  if (now < t.applyFrom)
    throw new ApiFailure(409, 'trial_not_open', `${formatMonthDay(t.applyFrom)}才开始报名，还不能截止`)
  if (isClosed(t, now)) throw new ApiFailure(409, 'trial_closed', `报名已于${formatMonthDay(closeAt(t))}截止`)
  t.closedEarlyAt = now
  settle(db, now)
  return staffView(db, t, now)
}

/** Staff: the brand's reply to a member's feedback (a second reply replaces the first). */
export function reply(db: Db, trialId: string, memberId: string, text: string, now: number): StaffTrial {
  const t = findTrial(db, trialId)
  const app = t.applications.find((a) => a.memberId === memberId)
  if (!app?.feedback) throw new ApiFailure(404, 'feedback_unknown', '这位会员还没有提交本期反馈')
  if (!text.trim()) throw new ApiFailure(400, 'reply_empty', '请填写回复')
  app.feedback.reply = text.trim()
  app.feedback.repliedAt = now
  return staffView(db, t, now)
}

// ---- demo personas ----

interface Script {
  trialId: string
  note: string
  /** Hours after the window opened that the persona applied. */
  appliedAfterH: number
  /** The voucher was used this many hours after the trial began, at 静安寺店. */
  usedAfterH?: number
  feedback?: { taste: number; sweetness: number; wouldBuy: number; text: string; reply: string }
}

const SCRIPTS: Partial<Record<PersonaId, Script[]>> = {
  black: [
    {
      trialId: 'tr-ginger',
      note: '燕麦奶爱好者，喜欢不太甜的',
      appliedAfterH: 2,
      usedAfterH: 30,
      feedback: {
        taste: 4,
        sweetness: 2,
        wouldBuy: 4,
        text: '姜味很暖，燕麦奶也顺，就是太甜了，后半杯有点腻。甜度低一档我会每周买。',
        reply: '采纳了你的建议：甜度下调一档',
      },
    },
    { trialId: 'tr-geisha', note: '手冲爱好者，偏好花香和明亮的酸质', appliedAfterH: 3, usedAfterH: 24 * 10 },
  ],
  'gold-drop': [{ trialId: 'tr-geisha', note: '想试试新豆', appliedAfterH: 20 }],
}

/**
 * The demo personas' trials, as their history would have left them: applications, the seats given
 * by the rule at the close (the others' outcomes stand), vouchers used, feedback and the brand's
 * reply. Several at once (a fresh seed) are ranked together; one rebuilt later takes its place
 * among the applicants already there.
 */
export function seedPersonas(db: Db, members: { member: MemberRecord; persona: PersonaId }[], now: number): void {
  const ids = new Set(members.map((m) => m.member.id))
  for (const t of db.trials) t.applications = t.applications.filter((a) => !ids.has(a.memberId))
  const added: { member: MemberRecord; script: Script; trial: TrialRecord }[] = []
  for (const { member, persona } of members) {
    for (const script of SCRIPTS[persona] ?? []) {
      const trial = db.trials.find((t) => t.id === script.trialId)
      if (!trial) continue
      const at = Math.min(trial.applyFrom + script.appliedAfterH * HOUR_MS, now)
      trial.applications.push({
        memberId: member.id,
        at,
        note: script.note,
        status: 'applied',
        rank: null,
        tierName: null,
        visits: null,
        couponId: null,
        feedback: null,
      })
      added.push({ member, script, trial })
    }
  }
  for (const { member, script, trial } of added) {
    if (!isClosed(trial, now)) continue
    if (trial.selectedAt === null) trial.selectedAt = Math.min(closeAt(trial) + HOUR_MS, now)
    const order = ranked(db, trial)
    const i = order.findIndex((p) => p.app.memberId === member.id)
    decide(db, trial, order[i], i + 1, trial.selectedAt)
    const app = order[i].app
    const coupon = voucherOf(member, app)
    if (!coupon || script.usedAfterH === undefined) continue
    const usedAt = Math.min(trial.trialFrom + script.usedAfterH * HOUR_MS, now - HOUR_MS)
    Object.assign(coupon, { status: 'used', usedAt, usedReceiptId: null, usedStoreId: 's-jingan' })
    if (!script.feedback) continue
    const { reply: answer, ...scores } = script.feedback
    const at = usedAt + 20 * HOUR_MS
    app.feedback = { ...scores, at, points: trial.feedbackPoints, reply: answer, repliedAt: at + 48 * HOUR_MS }
    credit(member, trial.feedbackPoints, `体验官反馈 · ${trial.product}`, at)
  }
}
