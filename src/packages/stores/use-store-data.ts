import { useDidShow } from '@tarojs/taro'
import type { Coupon, Store } from '@/api/contract'
import { couponWorksAt } from '@/domain/places'
import { useCoupons } from '@/stores/coupons'
import { useSession } from '@/stores/session'
import { useStoreList } from '@/stores/store-list'

/** Stores and the member's coupons, loaded when the page shows; the position only if already allowed. */
export function useStoreData(): void {
  useDidShow(() => {
    void useStoreList.getState().load()
    if (useStoreList.getState().location !== 'known') void useStoreList.getState().locateQuietly()
    if (useSession.getState().memberId && !useCoupons.getState().answered) void useCoupons.getState().load()
  })
}

/** The member's usable coupons that work at a store. */
export function couponsAt(coupons: Coupon[], store: Store): Coupon[] {
  return coupons.filter((c) => c.status === 'available' && couponWorksAt(c, store.id))
}
