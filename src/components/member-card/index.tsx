import { Text, View } from '@tarojs/components'
import { maskCardId } from '@/domain/member'
import { formatPoints } from '@/domain/money'
import { useAnimatedNumber } from './use-animated-number'
import './index.scss'

export interface MemberCardProps {
  /** Brand name printed on the card. */
  brand: string
  nickname: string
  /** The 10-digit card id; shown masked. */
  cardId: string
  tierName: string
  /** Card face colour for the tier. */
  tierColor: string
  points: number
  /** Honours on the card face, e.g. 体验官. */
  badges?: string[]
  /** Shown under the points, e.g. a tap hint. */
  footnote?: string
  onTapPoints?: () => void
}

/** The card face: brand, tier colour, holder, masked number and points. */
export function MemberCard({
  brand,
  nickname,
  cardId,
  tierName,
  tierColor,
  points,
  badges,
  footnote,
  onTapPoints,
}: MemberCardProps) {
  const shownPoints = useAnimatedNumber(points)
  return (
    <View className='member-card' style={{ backgroundColor: tierColor }}>
      <View className='member-card__sheen' />
      <View className='member-card__top'>
        <Text className='member-card__brand'>{brand}</Text>
        <View className='member-card__tags'>
          {badges?.map((b) => (
            <Text key={b} className='member-card__badge'>
              {b}
            </Text>
          ))}
          <Text className='member-card__tier'>{tierName}</Text>
        </View>
      </View>
      <View className='member-card__points' onClick={onTapPoints}>
        <Text className='member-card__points-value'>{formatPoints(shownPoints)}</Text>
        <Text className='member-card__points-unit'>积分</Text>
      </View>
      <View className='member-card__bottom'>
        <Text className='member-card__holder'>{nickname}</Text>
        <Text className='member-card__number'>NO. {maskCardId(cardId)}</Text>
      </View>
      {footnote ? <Text className='member-card__footnote'>{footnote}</Text> : null}
    </View>
  )
}
