import { Button, Text, View } from '@tarojs/components'
import type { Coupon } from '@/api/contract'
import { Art } from '@/components/art'
import { useCard } from '@/stores/card'
import { CHANNEL_LABEL, lapseCountdown, outcomeText, thresholdText, validityText } from './coupon-words'

export interface CouponCardProps {
  coupon: Coupon
  /** Server time now, for the validity and the countdown. */
  now: number
  /** Its 去使用 is on its way. @default false */
  busy?: boolean
  /** Why its last 去使用 failed, in Chinese; null when it did not. @default null */
  error?: string | null
  /** Tapped the card: open the detail page. */
  onOpen: (coupon: Coupon) => void
  /** Tapped 去使用 (available coupons only). */
  onUse: (coupon: Coupon) => void
}

/** One coupon in the wallet, headed by what it gives; then on what basket and where, until when; › opens its rules. */
export function CouponCard({ coupon, now, busy = false, error = null, onOpen, onUse }: CouponCardProps) {
  const countdownDays = useCard((s) => s.programme?.horizons.couponCountdownDays ?? null)
  const countdown = lapseCountdown(coupon, now, countdownDays)
  const outcome = outcomeText(coupon, now)
  return (
    <View className={`coupon-card coupon-card--${coupon.status}`} onClick={() => onOpen(coupon)}>
      <View className='coupon-card__main'>
        <View className='coupon-card__value'>
          <Art image={coupon.image} className='coupon-card__art' />
        </View>
        <View className='coupon-card__body'>
          <Text className='coupon-card__title'>{coupon.title}</Text>
          <View className='coupon-card__terms'>
            <Text className='coupon-card__threshold'>{thresholdText(coupon)}</Text>
            <Text className='coupon-card__stores'>{coupon.storesText}</Text>
          </View>
          <View className='coupon-card__tags'>
            <Text className='coupon-card__source'>{coupon.source}</Text>
            <Text className='coupon-card__channel'>{CHANNEL_LABEL[coupon.channel]}</Text>
          </View>
          <Text className='coupon-card__validity'>{validityText(coupon, now)}</Text>
          {countdown ? <Text className='coupon-card__countdown'>{countdown}</Text> : null}
          {outcome ? <Text className='coupon-card__outcome'>{outcome}</Text> : null}
        </View>
        {coupon.status === 'available' ? (
          <Button
            className='coupon-card__use'
            loading={busy}
            onClick={(e) => {
              // The card behind opens the detail page: this tap is only 去使用.
              e.stopPropagation()
              onUse(coupon)
            }}
          >
            {busy ? '请稍候' : '去使用'}
          </Button>
        ) : null}
        <Text className='coupon-card__open' aria-label='查看详情'>
          ›
        </Text>
      </View>
      {error ? <Text className='coupon-card__error'>{error}</Text> : null}
    </View>
  )
}
