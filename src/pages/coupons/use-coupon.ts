import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCard } from '@/stores/card'
import { useCoupons } from '@/stores/coupons'
import { describeError, HttpError } from '@/stores/errors'
import { ROUTES } from '@/pages/routes'

export interface UseCoupon {
  /** The coupon whose 去使用 is on its way, or null. */
  busyId: string | null
  /** Why the last 去使用 failed, for the coupon it was for. */
  failure: { id: string; message: string } | null
  /** 去使用: pick the coupon for the till, then show the member code. */
  use: (couponId: string) => Promise<void>
}

/** 去使用 for the coupons tab and the detail page: one tap at a time, a failure in words. */
export function useCouponForTill(): UseCoupon {
  const [busyId, setBusyId] = useState<string | null>(null)
  const [failure, setFailure] = useState<UseCoupon['failure']>(null)
  // A second tap while the first is on its way does nothing.
  const inFlight = useRef(false)
  // A refusal is about the moment it happened: coming back to the page starts clean.
  useDidShow(() => setFailure(null))

  const use = useCallback(async (couponId: string) => {
    if (inFlight.current) return
    inFlight.current = true
    setBusyId(couponId)
    setFailure(null)
    try {
      try {
        await useCoupons.getState().select(couponId)
      } catch (e) {
        setFailure({ id: couponId, message: describeError(e) })
        // Used or expired meanwhile (or gone): show the coupons as they are now.
        if (e instanceof HttpError && (e.status === 404 || e.status === 409)) void useCoupons.getState().load()
        return
      }
      try {
        await Taro.navigateTo({ url: ROUTES.code })
      } catch {
        setFailure({ id: couponId, message: '已选好这张券，但会员码没能打开，请到会员卡页点「出示会员码」' })
      }
    } finally {
      inFlight.current = false
      setBusyId(null)
    }
  }, [])

  return { busyId, failure, use }
}

/** Load the coupons each time the page shows and on pull-down; both coupon pages do the same. */
export function useCouponsOnShow(): () => Promise<void> {
  // The countdown's span is a programme rule: fetched with the coupons when this launch has none.
  const load = useCallback(async () => {
    await Promise.all([
      useCoupons.getState().load(),
      useCard
        .getState()
        .ensureProgramme()
        .catch(() => undefined),
    ])
  }, [])
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })
  return load
}
