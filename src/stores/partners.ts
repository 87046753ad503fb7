/** 联盟权益: partner perks by tier, claimed free once per period (idempotent: a double tap or a lost answer claims once). */
import { create } from 'zustand'
import type { PartnerPerk } from '@/api/contract'
import { describeError, isOfflineError } from '@/api/errors'
import { api } from './api'
import { asMember, endMemberAttempts, onMemberChange } from './member-scope'

interface PartnersState {
  perks: PartnerPerk[]
  loading: boolean
  answered: boolean
  error: string | null
  /** Perks being claimed right now. */
  claiming: string[]
  load: () => Promise<void>
  /** Claim a perk; resolves to it with its code, or throws the backend's reason. */
  claim: (perkId: string) => Promise<PartnerPerk>
}

/** Claims sent so far: a list fetched before the last one was sent cannot tell whether it landed. */
let movesSent = 0

export const usePartners = create<PartnersState>()((set, get) => ({
  perks: [],
  loading: false,
  answered: false,
  error: null,
  claiming: [],
  async load() {
    set({ loading: true })
    const sentBefore = movesSent
    const answer = await asMember(() => api().getPartnerPerks(), { signIn: true })
    if (!answer.mine) return set({ loading: false })
    if (!answer.ok) return set({ loading: false, answered: true, error: describeError(answer.error) })
    // The list is the truth about claims sent before it was asked for: one whose answer was lost shows in it or never landed.
    if (sentBefore === movesSent && get().claiming.length === 0) endMemberAttempts('perk:')
    set({ perks: answer.value.perks, loading: false, answered: true, error: null })
  },
  async claim(perkId) {
    if (get().claiming.includes(perkId)) throw new Error('busy')
    set({ claiming: [...get().claiming, perkId] })
    movesSent++
    const answer = await asMember(({ idempotencyKey }) => api().claimPartnerPerk({ perkId }, { idempotencyKey }), {
      attempt: `perk:${perkId}`,
    })
    set({ claiming: get().claiming.filter((id) => id !== perkId) })
    if (!answer.mine) throw new Error('signed in as another member meanwhile')
    if (!answer.ok) {
      if (!isOfflineError(answer.error)) void get().load()
      throw answer.error
    }
    const { perk } = answer.value
    set({ perks: get().perks.map((p) => (p.id === perk.id ? perk : p)) })
    return perk
  },
}))

onMemberChange({
  changed: () => usePartners.setState({ perks: [], answered: false, error: null, claiming: [] }),
  signedInAgain: () => {
    if (usePartners.getState().answered) void usePartners.getState().load()
  },
})
