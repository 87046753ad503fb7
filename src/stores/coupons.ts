/** The member's coupons, and the one picked for the till with 去使用. */
import { create } from 'zustand'
import type { Coupon } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'
import { useSession } from './session'

interface CouponsState {
  coupons: Coupon[]
  loading: boolean
  /** An answer (coupons or a failure) has come since this member signed in: an empty list now means none. */
  answered: boolean
  /** Chinese copy of the last failure, null after a success. */
  error: string | null
  /** The coupon picked for the till (listed first there while the code is shown). */
  selectedId: string | null
  load: () => Promise<void>
  /** 去使用: tell the backend which coupon to offer the till; null clears the choice. */
  select: (couponId: string | null) => Promise<void>
}

export const useCoupons = create<CouponsState>()((set) => ({
  coupons: [],
  loading: false,
  answered: false,
  error: null,
  selectedId: null,
  async load() {
    set({ loading: true })
    let memberId: string | null = null
    try {
      await useSession.getState().ready()
      memberId = useSession.getState().memberId
      const { coupons } = await api().getCoupons()
      // Another member signed in meanwhile: not theirs.
      if (useSession.getState().memberId !== memberId) return set({ loading: false })
      set({ coupons, loading: false, answered: true, error: null })
    } catch (error) {
      set({ loading: false, ...(useSession.getState().memberId === memberId ? { answered: true, error: describeError(error) } : {}) })
    }
  },
  async select(couponId) {
    const { selectedCouponId } = await api().selectCoupon({ couponId })
    set({ selectedId: selectedCouponId })
  },
}))

useSession.subscribe((s, prev) => {
  // Another member: nothing of the last one's shows. The same member signed in again (a silent
  // re-login, a persona rebuilt): the list is fetched again, and stays shown meanwhile.
  if (s.memberId !== prev.memberId) useCoupons.setState({ coupons: [], answered: false, selectedId: null, error: null })
  else if (s.token !== prev.token && useCoupons.getState().answered) void useCoupons.getState().load()
})
