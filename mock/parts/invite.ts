/** 邀请有礼's page part of the backend: the inviter's reads, share taps, the ceremony seen, the wxacode. */
import { needsSettle, settle } from '../engine/invitations'
import { markSeen, myInvitations, tapShare, wxacode } from '../engine/invitations-view'
import { need } from '../engine/records'
import type { HandlersOf, InviteEndpoint } from '../router'

export const inviteHandlers: HandlersOf<InviteEndpoint> = {
  // Windows passed with no purchase are recorded 未计入 on this read.
  getMyInvitations: (_input, { engine, session }) => {
    const member = engine.settled(session.memberId)
    const now = engine.now()
    if (needsSettle(member, now)) engine.transaction((db) => settle(need(db.members, member.id), now))
    return myInvitations(engine.db, need(engine.db.members, member.id), now)
  },
  tapInviteShare: (_input, { engine, session }) => {
    const member = engine.member(session.memberId)
    return engine.transaction((db) => tapShare(need(db.members, member.id), engine.now()))
  },
  markInvitationsSeen: (input, { engine, session }) => {
    const member = engine.member(session.memberId)
    return engine.transaction((db) => markSeen(need(db.members, member.id), input.ids, engine.now()))
  },
  getInviteWxacode: (_input, { engine, session }) => wxacode(engine.member(session.memberId)),
}
