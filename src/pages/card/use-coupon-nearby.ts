import type { Store } from '@/api/contract'
import { formatDistance } from '@/domain/geo'
import { nearestCouponStore } from '@/domain/places'
import { serverNow } from '@/stores/api'
import { useCoupons } from '@/stores/coupons'
import { useSession } from '@/stores/session'
import { useStoreList } from '@/stores/store-list'
import { useDidShowPainted } from '@/pages/use-did-show-painted'

export interface CouponNearby {
  store: Store
  /** 你有 1 张满50减10 券，可在 300 米外的静安寺店使用 */
  text: string
}

/**
 * "A coupon near you": the nearest open store within 1 km where one of the member's coupons can be
 * used now (its store, dates and daily hours), from a position the member already allowed.
 */
export function useCouponNearby(): CouponNearby | null {
  const here = useStoreList((s) => s.here)
  const stores = useStoreList((s) => s.stores)
  const coupons = useCoupons((s) => s.coupons)
  const memberId = useSession((s) => s.memberId)
  // Looked for once the card is painted, like the card's own refresh.
  useDidShowPainted(() => {
    void (async () => {
      await useSession.getState().ready()
      if (!useSession.getState().memberId) return
      // Never prompts; and a recent position is reused (WeChat throttles getLocation).
      if (!(await useStoreList.getState().locateQuietly())) return
      void useStoreList.getState().load()
      if (!useCoupons.getState().answered) void useCoupons.getState().load()
    })().catch(() => undefined) // offline: no line, the card shows as ever
  })
  if (!memberId || !here || stores.length === 0) return null
  const now = serverNow()
  const found = nearestCouponStore(here, stores, coupons, now)
  if (!found) return null
  // The one that lapses first leads.
  const [first] = [...found.coupons].sort((a, b) => a.validTo - b.validTo)
  const n = found.coupons.length
  const what = n === 1 ? `1 张${first.title} 券` : `${n} 张券（${first.title} 等）`
  return { store: found.store, text: `你有 ${what}，可在 ${formatDistance(found.meters)}外的${found.store.name}使用` }
}
