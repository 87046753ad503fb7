import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState } from '@/components/error-state'
import { useCard } from '@/stores/card'
import { useCoupons } from '@/stores/coupons'
import {
  CHANNEL_LABEL,
  STATUS_LABEL,
  lapseCountdown,
  outcomeText,
  thresholdText,
  validityText,
} from '@/pages/coupons/coupon-words'
import { useCouponForTill, useCouponsOnShow } from '@/pages/coupons/use-coupon'
import { ROUTES } from '@/pages/routes'
import { useServerClock } from '@/pages/use-server-clock'
import './index.scss'

/** The id from the page query: weapp hands it over still percent-encoded, H5 decoded. */
function couponIdFrom(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '')
  } catch {
    return raw ?? ''
  }
}

/** One coupon with its full rules in plain words, and 去使用 while it is available. */
export default function CouponDetailPage() {
  const id = couponIdFrom(useRouter().params.id)
  const coupon = useCoupons((s) => s.coupons.find((c) => c.id === id) ?? null)
  const loading = useCoupons((s) => s.loading)
  const error = useCoupons((s) => s.error)
  const answered = useCoupons((s) => s.answered)
  const now = useServerClock()
  const countdownDays = useCard((s) => s.programme?.horizons.couponCountdownDays ?? null)
  const { busyId, failure, use } = useCouponForTill()

  // Always fetch: the status may have changed at the till since the list was loaded.
  const load = useCouponsOnShow()

  if (!coupon) {
    if (loading || !answered)
      return (
        <View className='page coupon-detail'>
          <CardSkeleton lines={5} />
        </View>
      )
    if (error)
      return (
        <View className='page coupon-detail'>
          <ErrorState message={error} onRetry={() => void load()} />
        </View>
      )
    return (
      <View className='page coupon-detail'>
        <View className='coupon-detail__missing'>
          <Text>找不到这张券，它可能已不在你的券包里</Text>
          <Button
            className='btn-plain coupon-detail__back'
            onClick={() => void Taro.switchTab({ url: ROUTES.coupons })}
          >
            查看我的优惠券
          </Button>
        </View>
      </View>
    )
  }

  const countdown = lapseCountdown(coupon, now, countdownDays)
  const outcome = outcomeText(coupon, now)
  const busy = busyId === coupon.id
  return (
    <View className={`page coupon-detail coupon-detail--${coupon.status}`}>
      <View className='coupon-detail__head'>
        <Text className={`coupon-detail__status coupon-detail__status--${coupon.status}`}>
          {STATUS_LABEL[coupon.status]}
        </Text>
        <Text className='coupon-detail__title'>{coupon.title}</Text>
        <Text className='coupon-detail__threshold'>{thresholdText(coupon)}</Text>
        <Text className='coupon-detail__where'>
          {coupon.storesText} · {CHANNEL_LABEL[coupon.channel]}
        </Text>
        <Text className='coupon-detail__validity'>{validityText(coupon, now)}</Text>
        {countdown ? <Text className='coupon-detail__countdown'>{countdown}</Text> : null}
        {outcome ? <Text className='coupon-detail__outcome'>{outcome}</Text> : null}
        <Text className='coupon-detail__source'>来源：{coupon.source}</Text>
      </View>

      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}

      <View className='section'>
        <Text className='section__title'>使用规则</Text>
        <View className='coupon-detail__rules'>
          {coupon.rules.map((rule, i) => (
            <Text key={i} className='coupon-detail__rule'>
              {rule}
            </Text>
          ))}
        </View>
      </View>

      {coupon.status === 'available' ? (
        <View className='coupon-detail__actions'>
          <Button className='btn-primary coupon-detail__use' loading={busy} onClick={() => void use(coupon.id)}>
            {busy ? '请稍候' : '去使用'}
          </Button>
          <Text className='muted coupon-detail__hint'>结账时出示会员码，收银台会优先使用这张券</Text>
          {failure?.id === coupon.id ? <Text className='coupon-detail__error'>{failure.message}</Text> : null}
        </View>
      ) : null}
    </View>
  )
}
