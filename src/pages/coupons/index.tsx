import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Coupon } from '@/api/contract'
// Skeleton before error-state, as on every other page: the CSS chunk order must agree everywhere.
import { SkeletonBlock } from '@/components/skeleton'
import { ErrorState } from '@/components/error-state'
import { useCoupons } from '@/stores/coupons'
import { ROUTES, couponUrl } from '@/pages/routes'
import { useServerClock } from '@/pages/use-server-clock'
import { useTabBadges } from '@/pages/tab-badges'
import { CouponCard } from './coupon-card'
import { STATUS_LABEL } from './coupon-words'
import { useCouponForTill, useCouponsOnShow } from './use-coupon'
import { withTabBar } from '@/pages/tab-bar'
import './index.scss'

const SEGMENTS: Coupon['status'][] = ['available', 'used', 'expired']

/** The coupons tab: 可使用 / 已使用 / 已过期, each coupon saying where, when and on what basket it works. */
function CouponsPage() {
  const coupons = useCoupons((s) => s.coupons)
  const loading = useCoupons((s) => s.loading)
  const error = useCoupons((s) => s.error)
  const [segment, setSegment] = useState<Coupon['status']>('available')
  // Until the first answer, an empty list means "not loaded yet", not "no coupons".
  const answered = useCoupons((s) => s.answered)
  const now = useServerClock()
  const { busyId, failure, use } = useCouponForTill()

  const load = useCouponsOnShow()
  // Shown with the list loaded: every available coupon is seen, and the tab's badge goes.
  useTabBadges('coupons')

  if (coupons.length === 0 && (loading || !answered))
    return (
      <View className='page coupons-page'>
        <CouponsSkeleton />
      </View>
    )
  if (coupons.length === 0 && error)
    return (
      <View className='page coupons-page'>
        <ErrorState message={error} onRetry={() => void load()} />
      </View>
    )

  const shown = coupons.filter((c) => c.status === segment)
  return (
    <View className='page coupons-page'>
      <View className='coupons-tabs'>
        {SEGMENTS.map((status) => (
          <View
            key={status}
            className={`coupons-tabs__tab${status === segment ? ' coupons-tabs__tab--on' : ''}`}
            onClick={() => setSegment(status)}
          >
            <Text>{STATUS_LABEL[status]}</Text>
            <Text className='coupons-tabs__count'>{coupons.filter((c) => c.status === status).length}</Text>
          </View>
        ))}
      </View>
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {shown.map((coupon) => (
        <CouponCard
          key={coupon.id}
          coupon={coupon}
          now={now}
          busy={busyId === coupon.id}
          error={failure?.id === coupon.id ? failure.message : null}
          onOpen={(c) => void Taro.navigateTo({ url: couponUrl(c.id) })}
          onUse={(c) => void use(c.id)}
        />
      ))}
      {shown.length === 0 ? <EmptySegment status={segment} /> : null}
    </View>
  )
}

function EmptySegment({ status }: { status: Coupon['status'] }) {
  if (status !== 'available') return <Text className='coupons-page__empty'>暂无{STATUS_LABEL[status]}的优惠券</Text>
  return (
    <View className='coupons-page__empty'>
      <Text>暂无可用优惠券，</Text>
      <Text className='coupons-page__empty-link' onClick={() => void Taro.navigateTo({ url: ROUTES.rewards })}>
        去积分商城兑换
      </Text>
    </View>
  )
}

/** The tab's shape while the first load is on its way. */
function CouponsSkeleton() {
  return (
    <View className='coupons-skeleton' aria-busy='true' aria-label='加载中'>
      <SkeletonBlock className='coupons-skeleton__tabs' />
      {[0, 1, 2].map((i) => (
        <SkeletonBlock key={i} className='coupons-skeleton__card' />
      ))}
    </View>
  )
}

export default withTabBar(CouponsPage, ROUTES.coupons)
