/**
 * 邀请有礼: the member's invitations and their states, "my influence", what to share, and the
 * reward ceremony still due. A share tap is counted for "my influence" only, never rewarded.
 */
import { create } from 'zustand'
import type { Invitation, InviteWxacode, MyInvitations, RequestOf } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'
import { asMember, onMemberChange } from './member-scope'
import { installInviteBackend } from '@/backend/invite'

// In local mode this page's part of the backend comes with this store (see src/backend/invite.ts).
installInviteBackend()

export type ShareChannel = NonNullable<RequestOf<'tapInviteShare'>['channel']>

interface InviteState {
  mine: MyInvitations | null
  loading: boolean
  answered: boolean
  /** Chinese copy of the last load's failure, null after a success. */
  error: string | null
  /** The invite's mini-program code (the weapp poster), once asked for. */
  wxacode: InviteWxacode | null
  load: () => Promise<void>
  /** Count a share tap (fire and forget: a lost count never stops the share). */
  tapShare: (channel?: ShareChannel) => Promise<void>
  /** The ceremony for these rewarded invitations was shown: it is not due again, here or on another phone. */
  markSeen: (ids: string[]) => Promise<void>
  loadWxacode: () => Promise<InviteWxacode | null>
}

export const useInvite = create<InviteState>()((set, get) => ({
  mine: null,
  loading: false,
  answered: false,
  error: null,
  wxacode: null,
  async load() {
    set({ loading: true })
    const answer = await asMember(() => api().getMyInvitations(), { signIn: true })
    if (!answer.mine) return set({ loading: false })
    if (!answer.ok) return set({ loading: false, answered: true, error: describeError(answer.error) })
    set({ mine: answer.value, loading: false, answered: true, error: null })
  },
  async tapShare(channel) {
    const answer = await asMember(() => api().tapInviteShare(channel ? { channel } : {}))
    const mine = get().mine
    if (answer.mine && answer.ok && mine) set({ mine: { ...mine, influence: answer.value.influence } })
  },
  async markSeen(ids) {
    if (ids.length === 0) return
    const mine = get().mine
    // Shown once on this phone whatever the answer: a lost one leaves it due for the next load only.
    if (mine)
      set({
        mine: {
          ...mine,
          invitations: mine.invitations.map((i) => (ids.includes(i.id) ? { ...i, ceremonyDue: false } : i)),
        },
      })
    await asMember(() => api().markInvitationsSeen({ ids }))
  },
  async loadWxacode() {
    if (get().wxacode) return get().wxacode
    const answer = await asMember(() => api().getInviteWxacode(), { signIn: true })
    if (!answer.mine || !answer.ok) return null
    set({ wxacode: answer.value })
    return answer.value
  },
}))

/** Rewarded invitations whose ceremony has not been shown yet. */
export const dueCeremony = (mine: MyInvitations | null): Invitation[] =>
  mine ? mine.invitations.filter((i) => i.ceremonyDue && i.state === 'rewarded') : []

onMemberChange({
  changed: () => useInvite.setState({ mine: null, answered: false, error: null, wxacode: null }),
  signedInAgain: () => {
    if (useInvite.getState().answered) void useInvite.getState().load()
  },
})
