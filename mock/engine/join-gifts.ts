/**
 * What joining gives: the 入会礼 coupons granted the moment a member joins, and the programme as
 * served, which names them so the join page can lead with them.
 */
import type { Programme } from '../../src/api/contract'
import { couponRules, couponTitle } from '../../src/domain/coupons'
import { grant, names, template, templateTerms } from './coupons'
import type { Db, MemberRecord } from './db'
import { couponPicture } from './pictures'
import { inboxRules } from './inbox-rules'
import { servedRules as invitationRules } from './invitations'

/** The coupon templates every new member gets on joining. */
export const JOIN_GIFT_TEMPLATES: readonly string[] = ['t-welcome']

/** The source a join gift's coupon carries (shown on the coupon). */
export const JOIN_GIFT_SOURCE = '入会礼'

/** Give a member who has just joined their join gifts. */
export function grantJoinGifts(db: Db, member: MemberRecord, now: number): void {
  for (const id of JOIN_GIFT_TEMPLATES) grant(db, member, id, now, JOIN_GIFT_SOURCE)
}

/** GET /programme: the stored rules plus the join gifts and the invitation rules in words. */
export function servedProgramme(db: Db): Programme {
  const joinGifts = JOIN_GIFT_TEMPLATES.map((id) => {
    const t = template(db, id)
    return {
      title: couponTitle(t),
      rules: couponRules(templateTerms(db, t, 0, 0), names(db), `入会后 ${t.validDays} 天内有效`),
      image: couponPicture(id),
    }
  })
  // The inbox's and the invitations' rules are served to a state stored before them too.
  return { ...db.programme, joinGifts, inbox: inboxRules(db), invitations: invitationRules(db) }
}
