/** The card's hero item: claiming its offer (idempotent: a double tap or a lost answer claims once) and the badge ceremony shown once. */
import { create } from 'zustand'
import { isOfflineError } from '@/api/errors'
import { api } from './api'
import { useCard } from './card'
import { useCoupons } from './coupons'
import { asMember, onMemberChange } from './member-scope'

interface HeroState {
  /** The offer being claimed right now (a second tap waits for the first). */
  claiming: string | null
  /** Claim the hero item's offer; resolves when the card shows the claimed coupon, or throws the backend's reason. */
  claim: (offerId: string) => Promise<void>
  /** The ceremony for this badge has been shown: the card stops asking for it, here and on the backend. */
  celebrated: (badge: string) => void
}

export const useHero = create<HeroState>()((set, get) => ({
  claiming: null,
  async claim(offerId) {
    if (get().claiming) throw new Error('busy')
    set({ claiming: offerId })
    const answer = await asMember(({ idempotencyKey }) => api().claimHeroOffer({ offerId }, { idempotencyKey }), {
      attempt: `hero:${offerId}`,
    })
    set({ claiming: null })
    if (!answer.mine) throw new Error('signed in as another member meanwhile')
    // Claimed or refused (already claimed, no longer offered): the card says what is true now.
    if (answer.ok || !isOfflineError(answer.error)) {
      await useCard.getState().refresh()
      void useCoupons.getState().load()
    }
    if (!answer.ok) throw answer.error
  },
  celebrated(badge) {
    const { card } = useCard.getState()
    if (card?.celebrate?.badge === badge) useCard.setState({ card: { ...card, celebrate: null } })
    // Not sent (offline): the next card asks again, and the ceremony shows once more then.
    void asMember(() => api().markCelebrated({ badge }))
  },
}))

onMemberChange({ changed: () => useHero.setState({ claiming: null }) })
