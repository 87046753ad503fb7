/** The member's coupons, and the one picked for the till with 去使用. */
import { create } from 'zustand'
import type { Coupon } from '@/api/contract'
import { describeError } from '@/api/errors'
import { readJson, storage } from '@/adapters/storage'
import { api } from './api'
import { asMember, onMemberChange } from './member-scope'
import { useSession } from './session'

/** The available coupons the member had when they last looked at the coupons tab, kept per member on the phone. */
const seenKey = (memberId: string) => `mc.couponsSeen.${memberId}`

function readSeen(memberId: string | null): string[] {
  const stored = memberId ? readJson(seenKey(memberId)) : null
  return Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : []
}

/** Available coupons the member has not seen on the coupons tab yet (the tab's badge). */
export function unseenCoupons(coupons: readonly Coupon[], seenIds: readonly string[]): number {
  const seen = new Set(seenIds)
  return coupons.filter((c) => c.status === 'available' && !seen.has(c.id)).length
}

interface CouponsState {
  coupons: Coupon[]
  loading: boolean
  /** An answer (coupons or a failure) has come since this member signed in: an empty list now means none. */
  answered: boolean
  /** Chinese copy of the last failure, null after a success. */
  error: string | null
  /** The coupon picked for the till (listed first there while the code is shown). */
  selectedId: string | null
  /** The signed-in member's coupons seen on the coupons tab (ids). */
  seenIds: string[]
  load: () => Promise<void>
  /** The coupons tab is shown with the list loaded: every available coupon is seen now. */
  markSeen: () => void
  /** 去使用: tell the backend which coupon to offer the till; null clears the choice. */
  select: (couponId: string | null) => Promise<void>
}

export const useCoupons = create<CouponsState>()((set, get) => ({
  coupons: [],
  loading: false,
  answered: false,
  error: null,
  selectedId: null,
  seenIds: [],
  async load() {
    set({ loading: true })
    const answer = await asMember(() => api().getCoupons(), { signIn: true })
    // Another member signed in meanwhile: not theirs.
    if (!answer.mine) return set({ loading: false })
    set(
      answer.ok
        ? {
            coupons: answer.value.coupons,
            loading: false,
            answered: true,
            error: null,
            seenIds: readSeen(useSession.getState().memberId),
          }
        : { loading: false, answered: true, error: describeError(answer.error) },
    )
  },
  markSeen() {
    const memberId = useSession.getState().memberId
    if (!memberId || !get().answered) return
    // Only the ones available now: the list never grows past the member's wallet.
    const seenIds = get()
      .coupons.filter((c) => c.status === 'available')
      .map((c) => c.id)
    storage.setItem(seenKey(memberId), JSON.stringify(seenIds))
    set({ seenIds })
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
  changed: (memberId) =>
    useCoupons.setState({ coupons: [], answered: false, selectedId: null, error: null, seenIds: readSeen(memberId) }),
  signedInAgain: () => {
    if (useCoupons.getState().answered) void useCoupons.getState().load()
  },
})
