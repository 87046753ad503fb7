/** Member-day perks (products, coupons to claim), what this member has claimed, and the reminder. */
import { create } from 'zustand'
import type { MemberDayOffer, MemberDayProduct, MyMemberDay } from '@/api/contract'
import { describeError, isOfflineError } from '@/api/errors'
import { randomKey } from '@/api/client'
import { api } from './api'
import { useCard } from './card'
import { useCoupons } from './coupons'
import { useSession } from './session'

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

/** Claims whose answer never came (network), by member and offer: tapping again resends the same claim. */
const pendingClaims = new Map<string, string>()
const memberNow = () => useSession.getState().memberId

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
    let memberId: string | null = null
    try {
      await useSession.getState().ready()
      memberId = memberNow()
      const [, perks, mine] = await Promise.all([
        useCard.getState().ensureProgramme(),
        api().getMemberDay(),
        memberId ? api().getMyMemberDay() : Promise.resolve(null),
      ])
      // Another member signed in meanwhile: not theirs.
      if (memberNow() !== memberId) return set({ loading: false })
      // The counts are the truth now: a claim whose answer was lost either shows in them or never landed.
      for (const k of [...pendingClaims.keys()]) if (k.startsWith(`${memberId}|`)) pendingClaims.delete(k)
      set({ ...perks, mine, loading: false, answered: true, error: null })
    } catch (error) {
      set({ loading: false, ...(memberNow() === memberId ? { answered: true, error: describeError(error) } : {}) })
    }
  },
  async claim(offerId) {
    if (get().claiming.includes(offerId)) throw new Error('busy')
    const memberId = memberNow()
    const pending = `${memberId}|${offerId}`
    set({ claiming: [...get().claiming, offerId] })
    const key = pendingClaims.get(pending) ?? randomKey()
    pendingClaims.set(pending, key)
    try {
      const { coupon, claimed } = await api().claimMemberDayCoupon({ offerId }, { idempotencyKey: key })
      pendingClaims.delete(pending)
      if (memberNow() === memberId) {
        const mine = get().mine
        if (mine) set({ mine: { ...mine, claims: mine.claims.map((c) => (c.offerId === offerId ? { ...c, count: claimed } : c)) } })
        // The wallet shows it at once; the counts (and what may be claimed next) come fresh from the backend.
        useCoupons.setState((s) => ({ coupons: [coupon, ...s.coupons.filter((c) => c.id !== coupon.id)] }))
        void get().load()
      }
      return claimed
    } catch (error) {
      // Refused: what was shown was out of date, so fetch the counts again. Offline: keep the key for a retry.
      if (!isOfflineError(error)) {
        pendingClaims.delete(pending)
        if (memberNow() === memberId) void get().load()
      }
      throw error
    } finally {
      set({ claiming: get().claiming.filter((id) => id !== offerId) })
    }
  },
  async setReminder(on) {
    const memberId = memberNow()
    const { reminder } = await api().setMemberDayReminder({ on })
    const mine = get().mine
    if (mine && memberNow() === memberId) set({ mine: { ...mine, reminder } })
  },
}))

useSession.subscribe((s, prev) => {
  // Another member: nothing of the last one's shows. The same member signed in again (a silent
  // re-login, a persona rebuilt): what is shown stays while it is fetched again.
  if (s.memberId !== prev.memberId) useMemberDay.setState({ mine: null, answered: false, error: null })
  else if (s.token !== prev.token && useMemberDay.getState().answered) void useMemberDay.getState().load()
})
