/**
 * 邀请有礼 as the inviter's page reads it: every invitation's state in words, "my influence", the
 * share payload, who invited this member; share taps and the ceremony seen. Apart from the rules in
 * invitations.ts (join, rewards at the till, take-back on refund) because only the invite page asks
 * for these, through the handlers installed with it (mock/parts/invite.ts).
 */
import { maskName } from '../../src/domain/member'
import type {
  Influence,
  Invitation,
  InvitationReason,
  InviteShare,
  InviteWxacode,
  MyInvitations,
} from '../../src/api/contract'
import { couponTitle } from '../../src/domain/coupons'
import { formatMonthDay, shanghaiDayNumber } from '../../src/domain/time'
import { template } from './coupons'
import type { Db, InvitationRecord, MemberRecord } from './db'
import { deadlineOf, H5_ORIGIN, INVITE_RULES, JOIN_PAGE, reasonText, rewardedThisMonth } from './invitations'
import { own } from './records'

const STATE_TEXT: Record<InvitationRecord['state'], string> = {
  joined: '已加入',
  rewarded: '已首单 · 奖励已到账',
  revoked: '已退款 · 奖励已收回',
  not_counted: '未计入',
}

/** The same reasons as the invited friend is told. */
function inviteeReasonText(reason: string | null): string {
  switch (reason as InvitationReason) {
    case 'no_purchase':
      return `入会 ${INVITE_RULES.windowDays} 天内没有完成首单，邀请有礼券未发放`
    case 'monthly_cap':
      return '邀请人本月的邀请名额已满，这次邀请不计入'
    default:
      return '这次邀请不计入，邀请有礼券不会发放'
  }
}

/** An invitation as of `now`: a window passed with no purchase reads 未计入 even before it is settled. */
function current(inv: InvitationRecord, now: number): InvitationRecord {
  return inv.state === 'joined' && now > deadlineOf(inv)
    ? { ...inv, state: 'not_counted', reason: 'no_purchase', decidedAt: deadlineOf(inv) }
    : inv
}

function detailOf(inv: InvitationRecord, now: number): string {
  switch (inv.state) {
    case 'joined': {
      const left = Math.max(0, shanghaiDayNumber(deadlineOf(inv)) - shanghaiDayNumber(now))
      return left === 0 ? '今天是完成首单的最后一天' : `${formatMonthDay(deadlineOf(inv))}前完成首单，还剩 ${left} 天`
    }
    case 'rewarded':
      return `+${inv.reward?.points ?? 0} 积分已到账`
    case 'revoked': {
      const r = inv.revoked
      if (!r) return '好友首单已退款，奖励已收回'
      const short = r.pointsShortfall > 0 ? `，其中 ${r.pointsShortfall} 积分已使用，记为欠扣` : ''
      const coupon = r.couponUsed ? '；好友的邀请券已使用' : ''
      return `好友首单已退款，${r.pointsReversed + r.pointsShortfall} 积分已收回${short}${coupon}`
    }
    case 'not_counted':
      return reasonText(inv.reason ?? '')
  }
}

function netPoints(inv: InvitationRecord): number {
  if (!inv.reward) return 0
  return inv.reward.points - (inv.revoked?.pointsReversed ?? 0) - (inv.revoked?.pointsShortfall ?? 0)
}

export function invitationView(stored: InvitationRecord, now: number): Invitation {
  const inv = current(stored, now)
  const joined = inv.state === 'joined'
  return {
    id: inv.id,
    friendName: inv.inviteeName,
    friendErased: inv.inviteeErased === true,
    joinedAt: inv.joinedAt,
    state: inv.state,
    stateText: STATE_TEXT[inv.state],
    detail: detailOf(inv, now),
    reason: inv.reason,
    deadline: inv.reason === 'already_member' ? null : deadlineOf(inv),
    daysLeft: joined ? Math.max(0, shanghaiDayNumber(deadlineOf(inv)) - shanghaiDayNumber(now)) : null,
    points: netPoints(inv),
    rewardedAt: inv.reward?.at ?? null,
    revokedAt: inv.revoked?.at ?? null,
    ceremonyDue: inv.state === 'rewarded' && inv.seenAt === null,
  }
}

export function influenceOf(member: MemberRecord, now: number): Influence {
  const all = (member.invitations ?? []).map((i) => current(i, now))
  return {
    shareTaps: member.shareTaps ?? 0,
    friendsJoined: all.filter((i) => i.reason !== 'already_member').length,
    firstPurchases: all.filter((i) => i.state === 'rewarded').length,
    pointsEarned: all.reduce((sum, i) => sum + netPoints(i), 0),
  }
}

export function shareOf(db: Db, member: MemberRecord): InviteShare {
  const query = `invite=${member.inviteCode}`
  const { windowDays } = INVITE_RULES
  const coupon = couponTitle(template(db, INVITE_RULES.couponTemplateId))
  return {
    code: member.inviteCode,
    title: `邀请你加入${db.programme.brand}会员：入会 ${windowDays} 天内首单，送你${coupon}券`,
    path: `/${JOIN_PAGE}?${query}`,
    h5Link: `${H5_ORIGIN}/#/${JOIN_PAGE}?${query}`,
  }
}

/** Who invited this member and where that stands, in the friend's words. */
function invitedByOf(db: Db, member: MemberRecord, now: number): MyInvitations['invitedBy'] {
  if (!member.invitedBy) return null
  const inviter = own(db.members, member.invitedBy)
  if (!inviter) return { name: '已注销会员', state: null, detail: '邀请人已注销账号' }
  const stored = inviter.invitations?.find((i) => i.inviteeId === member.id)
  const inv = stored ? current(stored, now) : null
  const coupon = couponTitle(template(db, INVITE_RULES.couponTemplateId))
  const detail = !inv
    ? `由 ${maskName(inviter.nickname)} 邀请入会`
    : inv.state === 'joined'
      ? `${formatMonthDay(deadlineOf(inv))}前完成首单，即得${coupon}券`
      : inv.state === 'rewarded'
        ? `首单已完成，${coupon}券已放入你的券包`
        : inv.state === 'revoked'
          ? inv.revoked?.couponUsed
            ? '首单已退款，邀请奖励已收回（券已使用）'
            : '首单已退款，邀请有礼券已收回'
          : inviteeReasonText(inv.reason)
  return { name: maskName(inviter.nickname), state: inv?.state ?? null, detail }
}

export function myInvitations(db: Db, member: MemberRecord, now: number): MyInvitations {
  return {
    share: shareOf(db, member),
    invitations: [...(member.invitations ?? [])].reverse().map((i) => invitationView(i, now)),
    influence: influenceOf(member, now),
    month: { rewarded: rewardedThisMonth(member, now), cap: INVITE_RULES.monthlyCap },
    invitedBy: invitedByOf(db, member, now),
  }
}

/** A share tap: counted, never rewarded. */
export function tapShare(member: MemberRecord, now: number): { influence: Influence } {
  member.shareTaps = (member.shareTaps ?? 0) + 1
  return { influence: influenceOf(member, now) }
}

/** The reward ceremony was shown for these invitations (ids from the app; unknown ones are ignored). */
export function markSeen(member: MemberRecord, ids: readonly string[], now: number): { seen: number } {
  let seen = 0
  for (const i of member.invitations ?? []) {
    if (i.state !== 'rewarded' || i.seenAt !== null || !ids.includes(i.id)) continue
    i.seenAt = now
    seen++
  }
  return { seen }
}

/** The mock's stand-in for wxacode.getUnlimited: what a real backend sends WeChat, and a link to draw instead. */
export function wxacode(member: MemberRecord): InviteWxacode {
  return {
    scene: member.inviteCode,
    page: JOIN_PAGE,
    width: 430,
    image: null,
    fallbackText: `${H5_ORIGIN}/#/${JOIN_PAGE}?invite=${member.inviteCode}`,
  }
}
