/** Member-day perks (products, coupons to claim), what this member has claimed, and the reminder. */
import { create } from 'zustand'
import type { MemberDayOffer, MemberDayProduct, MyMemberDay, Programme } from '@/api/contract'
import { describeError, isOfflineError } from '@/api/errors'
import { randomKey } from '@/api/client'
import { api } from './api'
import { useCoupons } from './coupons'
import { useSession } from './session'

interface MemberDayState {
  /** The programme rules: the member-day calendar and the tiers (for who may claim what). */
  programme: Programme | null
  products: MemberDayProduct[]
  offers: MemberDayOffer[]
  reminderTemplateId: string | null
  /** Null for a visitor who is not a member (yet), or before the first answer. */
  mine: MyMemberDay | null
  loading: boolean
  answered: boolean
  error: string | null
  /** Offers being claimed right now (a second tap waits for the first). */
  claiming: string[]
  load: () => Promise<void>
  /** Claim an offer's coupon; resolves to the claimed count, or throws the backend's reason. */
  claim: (offerId: string) => Promise<number>
  setReminder: (on: boolean) => Promise<void>
}

/** Claims whose answer never came (network): tapping again resends the same claim, so it lands once. */
const pendingClaims = new Map<string, string>()

export const useMemberDay = create<MemberDayState>()((set, get) => ({
  programme: null,
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
    try {
      await useSession.getState().ready()
      const memberId = useSession.getState().memberId
      const [programme, perks, mine] = await Promise.all([
        api().getProgramme(),
        api().getMemberDay(),
        memberId ? api().getMyMemberDay() : Promise.resolve(null),
      ])
      set({ programme, ...perks, mine, loading: false, answered: true, error: null })
    } catch (error) {
      set({ loading: false, answered: true, error: describeError(error) })
    }
  },
  async claim(offerId) {
    if (get().claiming.includes(offerId)) throw new Error('busy')
    set({ claiming: [...get().claiming, offerId] })
    const key = pendingClaims.get(offerId) ?? randomKey()
    pendingClaims.set(offerId, key)
    try {
      const { coupon, claimed } = await api().claimMemberDayCoupon({ offerId }, { idempotencyKey: key })
      pendingClaims.delete(offerId)
      const mine = get().mine
      if (mine) set({ mine: { ...mine, claims: mine.claims.map((c) => (c.offerId === offerId ? { ...c, count: claimed } : c)) } })
      // The wallet shows it at once.
      useCoupons.setState((s) => ({ coupons: [coupon, ...s.coupons.filter((c) => c.id !== coupon.id)] }))
      return claimed
    } catch (error) {
      if (!isOfflineError(error)) pendingClaims.delete(offerId)
      throw error
    } finally {
      set({ claiming: get().claiming.filter((id) => id !== offerId) })
    }
  },
  async setReminder(on) {
    const { reminder } = await api().setMemberDayReminder({ on })
    const mine = get().mine
    if (mine) set({ mine: { ...mine, reminder } })
  },
}))

useSession.subscribe((s, prev) => {
  if (s.memberId !== prev.memberId || s.token !== prev.token) useMemberDay.setState({ mine: null, answered: false })
})
