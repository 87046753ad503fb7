/** The member's coupons, and the one picked for the till with 去使用. */
import { create } from 'zustand'
import type { Coupon } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'
import { asMember, onMemberChange } from './member-scope'

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
    const answer = await asMember(() => api().getCoupons(), { signIn: true })
    // Another member signed in meanwhile: not theirs.
    if (!answer.mine) return set({ loading: false })
    set(
      answer.ok
        ? { coupons: answer.value.coupons, loading: false, answered: true, error: null }
        : { loading: false, answered: true, error: describeError(answer.error) },
    )
  },
  async select(couponId) {
    const answer = await asMember(() => api().selectCoupon({ couponId }))
    if (!answer.mine) return
    if (!answer.ok) throw answer.error
    set({ selectedId: answer.value.selectedCouponId })
  },
}))

// Another member: nothing of the last one's shows. The same member signed in again (a silent
// re-login, a persona rebuilt): the list is fetched again, and stays shown meanwhile.
onMemberChange({
  changed: () => useCoupons.setState({ coupons: [], answered: false, selectedId: null, error: null }),
  signedInAgain: () => {
    if (useCoupons.getState().answered) void useCoupons.getState().load()
  },
})
