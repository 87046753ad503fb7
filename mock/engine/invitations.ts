/**
 * 邀请有礼: a member invites friends with their invite code (MC + 5 digits, found through the
 * byInviteCode index). A friend who joins with it and makes a first purchase within the served
 * window rewards both, once: points for the inviter, a coupon for the friend. A refund of that
 * purchase takes both back (the inviter's balance never below zero; the rest recorded as a
 * shortfall, as till refunds record theirs). Invitations that do not count are recorded 未计入 with
 * a reason. Share taps are counted for "my influence" and never rewarded (WeChat forbids rewarding
 * a share). The invitation lives on the inviter's record; a friend's checkout reaches it through
 * the friend's `invitedBy`. Every function that changes state works on a db draft inside
 * Engine.transaction.
 */
import { maskName } from '../../src/domain/member'
import type { InvitationReason, InvitationRules, PersonaId } from '../../src/api/contract'
import { INVITATION_REASONS } from '../../src/api/contract'
import { couponRules, couponTitle } from '../../src/domain/coupons'
import { formatYuan } from '../../src/domain/money'
import { periodKey } from '../../src/domain/periods'
import { balanceOf, lotExpiry, takeBack } from '../../src/domain/points'
import { pointsForSpend } from '../../src/domain/tiers'
import { DAY_MS, HOUR_MS, shanghai } from '../../src/domain/time'
import { mayReceiveJoinGifts } from './account'
import { grant, names, template, templateTerms } from './coupons'
import type { CouponTemplateRecord, Db, InvitationRecord, MemberRecord, ReceiptRecord } from './db'
import { ApiFailure } from './failure'
import { couponPicture } from './pictures'
import { drop, has, own, put } from './records'
import { freshAccount, personaSubject } from './personas'

/** The source the friend's coupon carries (shown on the coupon, beside 入会礼). */
export const INVITE_SOURCE = '邀请有礼'

/** The friend's coupon: ¥15 off ¥50, 30 days. */
export const INVITE_COUPON_TEMPLATES: CouponTemplateRecord[] = [
  {
    id: 't-invite',
    kind: 'amount',
    valueFen: 1_500,
    discountPct: 100,
    itemName: null,
    thresholdFen: 5_000,
    channel: 'any',
    storeIds: null,
    minTierId: null,
    dailyWindow: null,
    validDays: 30,
  },
]

/** The rules the backend applies and serves (GET /programme → invitations). */
export const INVITE_RULES = {
  inviterPoints: 500,
  couponTemplateId: 't-invite',
  windowDays: 30,
  monthlyCap: 10,
} as const

/** The join page, as WeChat takes it for a mini-program code (no leading slash). */
export const JOIN_PAGE = 'packages/join/index'
/** Where the H5 site is served (the demo address; a real backend serves its public site's). */
export const H5_ORIGIN = 'http://127.0.0.1:10086'
/** The invite page a reward's notice leads to. */
export const INVITE_PAGE = '/packages/invite/index'
/** Invitations kept per inviter at most (the oldest go first). */
const KEEP = 500

/** Why an invitation does not count, as the inviter is told. */
export function reasonText(reason: string): string {
  const { windowDays, monthlyCap } = INVITE_RULES
  switch (reason as InvitationReason) {
    case 'already_member':
      return '好友接受邀请时已经是会员，不计入邀请'
    case 'same_device':
      return '好友在你本人的设备上入会，不计入邀请'
    case 'no_purchase':
      return `好友入会 ${windowDays} 天内没有完成首单，不计入邀请`
    case 'monthly_cap':
      return `本月已有 ${monthlyCap} 位好友的邀请奖励到账，达到每月上限，本次不计入`
    case 'rejoined':
      return '该手机号近期注销过会员，重新入会不计入邀请'
  }
  return '这次邀请不计入'
}

// ---- invite codes ----

/** The member behind an invite code, through the index (never a look through all members); undefined if none. */
export function memberByInviteCode(db: Db, raw: string): MemberRecord | undefined {
  const code = raw.trim().toUpperCase()
  if (!/^MC\d{5}$/.test(code)) return undefined
  const member = own(db.members, own(db.byInviteCode, code))
  return member?.inviteCode === code ? member : undefined
}

/** A code no member has: the card id's last five digits, else the next free one on a fixed stride. */
export function freshInviteCode(db: Db, cardId: string): string {
  const base = Number(cardId.slice(-5)) || 0
  // 7,919 is prime to 100,000, so the stride visits every five-digit code once.
  for (let i = 0; i < 100_000; i++) {
    const code = `MC${String((base + i * 7_919) % 100_000).padStart(5, '0')}`
    if (!has(db.byInviteCode, code)) return code
  }
  throw new ApiFailure(503, 'invite_codes_exhausted', '暂时无法入会，请稍后再试')
}

// ---- the rules as served ----

export function servedRules(db: Db): InvitationRules {
  const { inviterPoints, windowDays, monthlyCap, couponTemplateId } = INVITE_RULES
  const t = template(db, couponTemplateId)
  const title = couponTitle(t)
  return {
    title: '邀请有礼',
    inviterPoints,
    inviteeCoupon: {
      title,
      rules: couponRules(templateTerms(db, t, 0, 0), names(db), `发放后 ${t.validDays} 天内有效`),
      image: couponPicture(t.id),
      source: INVITE_SOURCE,
    },
    windowDays,
    monthlyCap,
    summary: `好友入会 ${windowDays} 天内首单，你得 ${inviterPoints} 积分，好友得${title}券`,
    rules: [
      `好友用你的邀请码、分享卡片或海报入会，入会 ${windowDays} 天内完成首单（未退款），你得 ${inviterPoints} 积分，好友得一张${title}券`,
      '每位好友只奖励一次，之后的消费不再奖励',
      '好友首单退款后，双方的邀请奖励一并收回：积分余额不会变为负数，已使用的积分记为欠扣；好友未使用的券收回',
      `每月最多 ${monthlyCap} 位好友的邀请奖励到账，超出的邀请记为未计入`,
      '已是会员的好友、在你本人设备上入会的好友、近期注销后重新入会的手机号，不计入邀请；不能邀请自己',
      '分享本身没有奖励，只有好友入会并完成首单才有',
    ],
    inviteeLine: `好友邀请你入会：入会 ${windowDays} 天内完成首单，即得${title}券`,
    reasons: INVITATION_REASONS.map((code) => ({ code, text: reasonText(code) })),
  }
}

// ---- joining ----

/** Who a join's invite code names: refused in words when no member has it, or it is the inviter's own phone. */
export function inviterFor(db: Db, code: string, phone: string): MemberRecord {
  const inviter = memberByInviteCode(db, code)
  if (!inviter) throw new ApiFailure(400, 'invalid_invite', '邀请码无效，请核对后再试，或留空')
  // Phones are one per member, so this join would be refused anyway: say why in the invitation's words.
  if (inviter.phone === phone)
    throw new ApiFailure(409, 'invite_own_phone', '这是邀请人本人的手机号，不能用来接受邀请，请换用你自己的手机号')
  return inviter
}

/** The device a member is on: the one sent at joining, else the install id the mock's sign-in maps to. */
function deviceOf(m: MemberRecord): string | null {
  return m.device ?? (m.subject.startsWith('device:') ? m.subject.slice('device:'.length) : null)
}

/** End of the Shanghai day `windowDays` after joining: the last moment a first purchase counts. */
export function deadlineOf(inv: Pick<InvitationRecord, 'joinedAt'>): number {
  return shanghai(inv.joinedAt + INVITE_RULES.windowDays * DAY_MS)
    .endOf('day')
    .valueOf()
}

/** Invitations of this inviter rewarded (and not taken back) in the Shanghai month `now` is in. */
export function rewardedThisMonth(inviter: MemberRecord, now: number): number {
  const month = periodKey('month', now)
  return (inviter.invitations ?? []).filter(
    (i) => i.state === 'rewarded' && i.reward && periodKey('month', i.reward.at) === month,
  ).length
}

function addInvitation(inviter: MemberRecord, inv: InvitationRecord): void {
  inviter.invitations = [...(inviter.invitations ?? []), inv].slice(-KEEP)
}

function invitation(invitee: MemberRecord, joinedAt: number, reason: InvitationReason | null): InvitationRecord {
  return {
    id: `iv-${invitee.id}`,
    inviteeId: invitee.id,
    inviteeName: maskName(invitee.nickname),
    joinedAt,
    state: reason ? 'not_counted' : 'joined',
    reason,
    decidedAt: reason ? joinedAt : null,
    reward: null,
    revoked: null,
    seenAt: null,
  }
}

/** A friend has just joined with the inviter's code: recorded as joined, or 未计入 with the reason. */
export function recordJoin(db: Db, inviter: MemberRecord, invitee: MemberRecord, now: number): void {
  const device = deviceOf(invitee)
  const reason: InvitationReason | null =
    device !== null && device === deviceOf(inviter)
      ? 'same_device'
      : !mayReceiveJoinGifts(db, invitee, now)
        ? 'rejoined'
        : rewardedThisMonth(inviter, now) >= INVITE_RULES.monthlyCap
          ? 'monthly_cap'
          : null
  addInvitation(inviter, invitation(invitee, now, reason))
}

/**
 * Someone who is a member already followed an invite code (join called again, with the code): the
 * inviter's list records it 未计入 (once per friend); a member's own code is refused.
 */
export function followedByMember(db: Db, member: MemberRecord, code: string, now: number): void {
  const inviter = memberByInviteCode(db, code)
  if (!inviter) return
  if (inviter.id === member.id) throw new ApiFailure(400, 'self_invite', '不能使用自己的邀请码，分享给好友吧')
  if ((inviter.invitations ?? []).some((i) => i.inviteeId === member.id)) return
  addInvitation(inviter, invitation(member, now, 'already_member'))
}

// ---- the value moves, inside till checkout and refund ----

function findFor(db: Db, invitee: MemberRecord): { inviter: MemberRecord; inv: InvitationRecord } | null {
  const inviter = own(db.members, invitee.invitedBy)
  const inv = inviter?.invitations?.find((i) => i.inviteeId === invitee.id)
  return inviter && inv ? { inviter, inv } : null
}

function notify(member: MemberRecord, at: number, title: string, body: string, why: string): void {
  member.messages.push({
    id: `msg-${++member.seq}`,
    at,
    title,
    body,
    kind: 'invitation',
    why,
    link: INVITE_PAGE,
    action: '查看',
  })
}

/** Points for the inviter: a lot and a ledger entry naming the friend, like points earned at the till. */
function creditInviter(inviter: MemberRecord, inv: InvitationRecord, at: number): string {
  const points = INVITE_RULES.inviterPoints
  const lotId = `l-${++inviter.seq}`
  inviter.lots.push({ id: lotId, earnedAt: at, expiresAt: lotExpiry(at), points, remaining: points })
  inviter.ledger.push({
    id: `e-${++inviter.seq}`,
    at,
    type: 'earn',
    points,
    note: `邀请好友 ${inv.inviteeName} 首单奖励`,
  })
  return lotId
}

/**
 * A purchase was credited to `invitee` (a till checkout or a claimed receipt). The first one within
 * the window rewards both, once; anything later, or after the window, rewards nothing.
 */
export function afterPurchase(db: Db, invitee: MemberRecord, receipt: ReceiptRecord, now: number): void {
  const found = findFor(db, invitee)
  if (!found || found.inv.state !== 'joined') return
  const { inviter, inv } = found
  // A receipt from before joining, claimed since, is not a purchase made as this friend.
  if (receipt.at < inv.joinedAt) return
  if (receipt.at > deadlineOf(inv)) {
    Object.assign(inv, { state: 'not_counted', reason: 'no_purchase', decidedAt: deadlineOf(inv) })
    return
  }
  if (rewardedThisMonth(inviter, now) >= INVITE_RULES.monthlyCap) {
    Object.assign(inv, { state: 'not_counted', reason: 'monthly_cap', decidedAt: now })
    return
  }
  const lotId = creditInviter(inviter, inv, now)
  const coupon = grant(db, invitee, INVITE_RULES.couponTemplateId, now, INVITE_SOURCE)
  inv.state = 'rewarded'
  inv.decidedAt = now
  inv.reward = { receiptId: receipt.id, at: now, points: INVITE_RULES.inviterPoints, lotId, couponId: coupon.id }
  receipt.inviteReward = { inviterId: inviter.id }
  notify(
    inviter,
    now,
    '邀请奖励已到账',
    `好友 ${inv.inviteeName} 完成了首单，${INVITE_RULES.inviterPoints} 积分已到账。`,
    '因为你邀请的好友完成了首单',
  )
}

/**
 * A receipt was refunded: if it was a friend's rewarded first purchase, both rewards are taken back,
 * once. The inviter's points come from the reward's own lot first, then the soonest-expiring, never
 * below zero; what was spent already is the shortfall. The friend's coupon is taken back if unused.
 */
export function afterRefund(db: Db, receipt: ReceiptRecord, now: number): void {
  // Found through the receipt: a friend who has closed their account since still has the reward taken back.
  const inviter = own(db.members, receipt.inviteReward?.inviterId)
  const inv = inviter?.invitations?.find((i) => i.reward?.receiptId === receipt.id)
  if (!inviter || !inv?.reward || inv.state !== 'rewarded') return
  const invitee = own(db.members, inv.inviteeId)
  const reward = inv.reward
  const back = takeBack(inviter.lots, reward.lotId, reward.points, balanceOf(inviter.ledger), now)
  inviter.lots = back.lots
  const shortfall = reward.points - back.reversed
  inviter.ledger.push({
    id: `e-${++inviter.seq}`,
    at: now,
    type: 'refund',
    points: -back.reversed,
    note: `好友 ${inv.inviteeName} 首单退款 · 邀请奖励收回${shortfall > 0 ? `（${shortfall} 积分已使用，记为欠扣）` : ''}`,
  })
  // The friend's coupon went with their account if they closed it.
  const coupon = invitee?.coupons.find((c) => c.id === reward.couponId)
  const couponUsed = coupon?.status === 'used'
  if (invitee && coupon && !couponUsed) {
    invitee.coupons = invitee.coupons.filter((c) => c !== coupon)
    if (invitee.selectedCoupon?.id === coupon.id) invitee.selectedCoupon = null
  }
  inv.state = 'revoked'
  inv.decidedAt = now
  inv.revoked = {
    at: now,
    pointsReversed: back.reversed,
    pointsShortfall: shortfall,
    couponTakenBack: Boolean(coupon) && !couponUsed,
    couponUsed,
  }
  notify(
    inviter,
    now,
    '邀请奖励已收回',
    `好友 ${inv.inviteeName} 的首单已退款，邀请奖励 ${reward.points} 积分已收回${shortfall > 0 ? `（其中 ${shortfall} 积分你已使用，记为欠扣）` : ''}。`,
    '因为好友的首单退款了',
  )
}

// ---- reading ----

/** Joined invitations whose window has passed with no purchase: recorded 未计入 on the next read. */
export function needsSettle(member: MemberRecord, now: number): boolean {
  return (member.invitations ?? []).some((i) => i.state === 'joined' && now > deadlineOf(i))
}

export function settle(member: MemberRecord, now: number): void {
  for (const i of member.invitations ?? [])
    if (i.state === 'joined' && now > deadlineOf(i))
      Object.assign(i, { state: 'not_counted', reason: 'no_purchase', decidedAt: deadlineOf(i) })
}

// ---- closing an account ----

/**
 * Before a member's record is erased: a friend's row on the inviter's list says 已注销 (the masked
 * name stays); the member's own invitations go with the record; the code no longer finds them.
 */
export function beforeErase(db: Db, member: MemberRecord): void {
  const found = findFor(db, member)
  if (found) found.inv.inviteeErased = true
  if (own(db.byInviteCode, member.inviteCode) === member.id) drop(db.byInviteCode, member.inviteCode)
}

// ---- demo personas ----

interface FriendScript {
  n: number
  nickname: string
  phone: string
  joinedDaysAgo: number
  /** A first purchase [days ago, fen]: rewarded. */
  purchase?: [number, number]
  /** Joined on black's own phone: not counted. */
  sameDevice?: boolean
}

/** black's friends: one rewarded, one joined and waiting, one not counted (joined on black's phone). */
const FRIENDS: FriendScript[] = [
  { n: 1, nickname: '林晓雨', phone: '13700000051', joinedDaysAgo: 21, purchase: [18, 4_200] },
  { n: 2, nickname: '陈一鸣', phone: '13700000053', joinedDaysAgo: 12, sameDevice: true },
  { n: 3, nickname: '周子航', phone: '13700000052', joinedDaysAgo: 6 },
]

const friendId = (persona: PersonaId, n: number) => `m-friend-${persona}-${n}`

/**
 * The demo personas' invitations, as their history would have left them (black only): the friends
 * are members of their own (replaced when black is rebuilt), black's reward a lot and a ledger entry,
 * the friend's coupon granted at the purchase. Returns the friends added, for their join gifts.
 */
export function seedPersona(db: Db, member: MemberRecord, persona: PersonaId, now: number): MemberRecord[] {
  if (persona !== 'black') return []
  member.device = `persona-${persona}-phone`
  member.invitations = []
  const added: MemberRecord[] = []
  for (const f of FRIENDS) {
    const id = friendId(persona, f.n)
    const before = own(db.members, id)
    if (before) {
      drop(db.members, id)
      drop(db.bySubject, before.subject)
      drop(db.byCard, before.cardId)
      if (own(db.byInviteCode, before.inviteCode) === id) drop(db.byInviteCode, before.inviteCode)
    }
    const cardId = `10000000${50 + f.n}`
    const joinedAt = now - f.joinedDaysAgo * DAY_MS - 3 * HOUR_MS
    const friend: MemberRecord = {
      id,
      cardId,
      subject: `${personaSubject(persona)}:friend-${f.n}`,
      phone: f.phone,
      nickname: f.nickname,
      birthday: null,
      city: '上海',
      joinedAt,
      tierId: db.programme.tiers[0].id,
      tierSince: joinedAt,
      inviteCode: freshInviteCode(db, cardId),
      invitedBy: member.id,
      device: f.sameDevice ? member.device : `persona-${persona}-friend-${f.n}-phone`,
      ...freshAccount(),
    }
    put(db.members, id, friend)
    put(db.bySubject, friend.subject, id)
    put(db.byCard, cardId, id)
    put(db.byInviteCode, friend.inviteCode, id)
    const inv = invitation(friend, joinedAt, f.sameDevice ? 'same_device' : null)
    member.invitations.push(inv)
    if (f.purchase) {
      const [daysAgo, amountFen] = f.purchase
      const at = now - daysAgo * DAY_MS - 2 * HOUR_MS
      const points = pointsForSpend(amountFen, 100)
      friend.checkouts.push({ id: `c-${++friend.seq}`, at, amountFen, storeId: 's-xuhui' })
      friend.lots.push({ id: `l-${++friend.seq}`, earnedAt: at, expiresAt: lotExpiry(at), points, remaining: points })
      friend.ledger.push({
        id: `e-${++friend.seq}`,
        at,
        type: 'earn',
        points,
        note: `徐汇滨江店消费 ${formatYuan(amountFen)}`,
      })
      const lotId = creditInviter(member, inv, at)
      const coupon = grant(db, friend, INVITE_RULES.couponTemplateId, at, INVITE_SOURCE)
      inv.state = 'rewarded'
      inv.decidedAt = at
      inv.reward = { receiptId: `seed-${id}`, at, points: INVITE_RULES.inviterPoints, lotId, couponId: coupon.id }
      inv.seenAt = at + HOUR_MS
      notify(
        member,
        at,
        '邀请奖励已到账',
        `好友 ${inv.inviteeName} 完成了首单，${INVITE_RULES.inviterPoints} 积分已到账。`,
        '因为你邀请的好友完成了首单',
      )
    }
    added.push(friend)
  }
  return added
}
