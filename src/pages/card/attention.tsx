import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Attention } from '@/api/contract'
import { ROUTES } from '@/pages/routes'
import './attention.scss'

/** Where an attention line's button leads; a target this app does not know shows the line alone. */
const OPEN: Record<string, () => void> = {
  rewards: () => void Taro.navigateTo({ url: ROUTES.rewards }),
  points: () => void Taro.navigateTo({ url: ROUTES.points }),
  'member-day': () => void Taro.switchTab({ url: ROUTES.memberDay }),
  coupons: () => void Taro.switchTab({ url: ROUTES.coupons }),
}

/** The one most urgent thing under the card, as the backend chose and worded it. */
export function AttentionLine({ attention }: { attention: Attention | null }) {
  if (!attention) return null
  const open =
    attention.action && Object.prototype.hasOwnProperty.call(OPEN, attention.action.target)
      ? OPEN[attention.action.target]
      : null
  return (
    <View className={`attention attention--${attention.kind}`} onClick={open ?? undefined}>
      <Text className='attention__text'>{attention.text}</Text>
      {open && attention.action ? <Text className='attention__go'>{attention.action.label} ›</Text> : null}
    </View>
  )
}
