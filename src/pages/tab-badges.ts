/**
 * The tab bar's marks, set from tab pages only (WeChat refuses them on other pages): a red dot on
 * 会员日 on a member day, and on 优惠券 the number of coupons not yet seen on that tab. In H5 the
 * call's promise settles only when a tab bar is on screen, so it is never awaited.
 */
import { useEffect, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { memberDayAt } from '@/domain/member-day'
import { serverNow } from '@/stores/api'
import { useCard } from '@/stores/card'
import { unseenCoupons, useCoupons } from '@/stores/coupons'

/** Positions in app.config's tabBar.list (a page test holds them to it). */
export const TAB_INDEX = { card: 0, memberDay: 1, coupons: 2, me: 3 } as const

const quietly = (call: Promise<unknown> | undefined) => void call?.catch(() => undefined)

function markMemberDay(on: boolean): void {
  const index = TAB_INDEX.memberDay
  quietly(on ? Taro.showTabBarRedDot({ index }) : Taro.hideTabBarRedDot({ index }))
}

function markCoupons(unseen: number): void {
  const index = TAB_INDEX.coupons
  quietly(
    unseen > 0
      ? Taro.setTabBarBadge({ index, text: unseen > 99 ? '99+' : String(unseen) })
      : Taro.removeTabBarBadge({ index }),
  )
}

/**
 * Keep the marks true while a tab page is shown. `seeing: 'coupons'` is the coupons tab itself:
 * showing it with the list loaded marks every available coupon seen.
 */
export function useTabBadges(seeing: 'coupons' | null = null): void {
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  const rules = useCard((s) => s.programme?.memberDay ?? null)
  const coupons = useCoupons((s) => s.coupons)
  const answered = useCoupons((s) => s.answered)
  const seenIds = useCoupons((s) => s.seenIds)

  useEffect(() => {
    if (shown && seeing === 'coupons' && answered) useCoupons.getState().markSeen()
  }, [shown, seeing, answered, coupons])

  useEffect(() => {
    if (!shown || !rules) return
    markMemberDay(memberDayAt(rules, serverNow()) !== null)
  }, [shown, rules])

  useEffect(() => {
    if (!shown || !answered) return
    // On the coupons tab every coupon is being seen: no badge, not even for the first render.
    markCoupons(seeing === 'coupons' ? 0 : unseenCoupons(coupons, seenIds))
  }, [shown, seeing, answered, coupons, seenIds])
}
