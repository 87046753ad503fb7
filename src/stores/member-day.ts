/** Member-day perks (products, coupons to claim), what this member has claimed, and the reminder. */
import { create } from 'zustand'
import type { MemberDayOffer, MemberDayProduct, MyMemberDay } from '@/api/contract'
import { describeError, isOfflineError } from '@/api/errors'
import { api } from './api'
import { useCard } from './card'
import { useCoupons } from './coupons'
import { asMember, endMemberAttempts, onMemberChange } from './member-scope'

interface MemberDayState {
  products: MemberDayProduct[]
  offers: MemberDayOffer[]
  reminderTemplateId: string | null
  /** The signed-in member's claims and reminder; null for a visitor, or until the first answer. */
  mine: MyMemberDay | null
  loading: boolean
  answered: boolean
  /** Chinese copy of the last load's failure, null after a success. */
  error: string | null
  /** Offers being claimed right now (a second tap waits for the first). */
  claiming: string[]
  load: () => Promise<void>
  /** Claim an offer's coupon; resolves to the claimed count, or throws the backend's reason. */
  claim: (offerId: string) => Promise<number>
  /** Ask for (or cancel) the reminder of today's or the next member day. */
  setReminder: (on: boolean) => Promise<void>
}

export const useMemberDay = create<MemberDayState>()((set, get) => ({
  products: [],
  offers: [],
  reminderTemplateId: null,
  mine: null,
  loading: false,
  answered: false,
  error: null,
  claiming: [],
  async load() {
    set({ loading: true })
    const answer = await asMember(
      ({ memberId }) =>
        Promise.all([
          useCard.getState().ensureProgramme(),
          api().getMemberDay(),
          memberId ? api().getMyMemberDay() : Promise.resolve(null),
        ]),
      { signIn: true },
    )
    // Another member signed in meanwhile: not theirs.
    if (!answer.mine) return set({ loading: false })
    if (!answer.ok) return set({ loading: false, answered: true, error: describeError(answer.error) })
    const [, perks, mine] = answer.value
    // The counts are the truth now: a claim whose answer was lost either shows in them or never landed.
    endMemberAttempts('member-day:')
    set({ ...perks, mine, loading: false, answered: true, error: null })
  },
  async claim(offerId) {
    if (get().claiming.includes(offerId)) throw new Error('busy')
    set({ claiming: [...get().claiming, offerId] })
    const answer = await asMember(({ idempotencyKey }) => api().claimMemberDayCoupon({ offerId }, { idempotencyKey }), {
      attempt: `member-day:${offerId}`,
    })
    set({ claiming: get().claiming.filter((id) => id !== offerId) })
    if (!answer.mine) throw new Error('signed in as another member meanwhile')
    // Refused (what was shown was out of date) or claimed: fetch the counts again. Offline: the
    // attempt stays open, so tapping again resends the same claim.
    if (!answer.ok) {
      if (!isOfflineError(answer.error)) void get().load()
      throw answer.error
    }
    const { coupon, claimed } = answer.value
    const mine = get().mine
    if (mine)
      set({ mine: { ...mine, claims: mine.claims.map((c) => (c.offerId === offerId ? { ...c, count: claimed } : c)) } })
    // The wallet shows it at once; the counts (and what may be claimed next) come fresh from the backend.
    useCoupons.setState((s) => ({ coupons: [coupon, ...s.coupons.filter((c) => c.id !== coupon.id)] }))
    void get().load()
    return claimed
  },
  async setReminder(on) {
    const answer = await asMember(() => api().setMemberDayReminder({ on }))
    if (!answer.mine) return
    if (!answer.ok) throw answer.error
    const mine = get().mine
    if (mine) set({ mine: { ...mine, reminder: answer.value.reminder } })
  },
}))

// Another member: nothing of the last one's shows. The same member signed in again (a silent
// re-login, a persona rebuilt): what is shown stays while it is fetched again.
onMemberChange({
  changed: () => useMemberDay.setState({ mine: null, answered: false, error: null }),
  signedInAgain: () => {
    if (useMemberDay.getState().answered) void useMemberDay.getState().load()
  },
})
