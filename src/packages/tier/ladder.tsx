import { ScrollView, Text, View } from '@tarojs/components'
import type { Programme } from '@/api/contract'
import { keepRuleText, multiplierText, thresholdText } from './tier-words'

export interface TierLadderProps {
  /** The programme's tiers, lowest first. */
  tiers: Programme['tiers']
  /** The member's tier, highlighted. */
  currentTierId: string
  /** The programme's rolling window, in months. */
  windowMonths: number
}

const anchor = (tierId: string) => `tier-ladder-${tierId}`

/** Every tier side by side (a horizontal scroll of cards), the member's own scrolled into view. */
export function TierLadder({ tiers, currentTierId, windowMonths }: TierLadderProps) {
  const current = tiers.findIndex((t) => t.id === currentTierId)
  return (
    <ScrollView className='tier-ladder' scrollX enableFlex scrollIntoView={anchor(currentTierId)} scrollWithAnimation>
      {tiers.map((tier, i) => {
        const mine = i === current
        return (
          <View
            key={tier.id}
            id={anchor(tier.id)}
            className={`tier-ladder__card${mine ? ' tier-ladder__card--current' : ''}`}
            style={mine ? { borderColor: tier.color } : undefined}
          >
            <View className='tier-ladder__head' style={{ backgroundColor: tier.color }}>
              <Text className='tier-ladder__name'>{tier.name}</Text>
              {mine ? (
                <Text className='tier-ladder__mine'>当前等级</Text>
              ) : current >= 0 && i < current ? (
                <Text className='tier-ladder__passed'>已达成</Text>
              ) : null}
            </View>
            <View className='tier-ladder__body'>
              <Text className='tier-ladder__threshold'>{thresholdText(tier, windowMonths)}</Text>
              <Text className='tier-ladder__keep'>{keepRuleText(tier)}</Text>
              <Text className='tier-ladder__multiplier'>{multiplierText(tier)}</Text>
              <View className='tier-ladder__benefits'>
                {tier.benefits.map((b) => (
                  <Text key={b} className='tier-ladder__benefit'>
                    {b}
                  </Text>
                ))}
              </View>
            </View>
          </View>
        )
      })}
    </ScrollView>
  )
}
