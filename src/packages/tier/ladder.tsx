import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
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

/** One card and the gap before it, in design px (index.scss: width 300px, margin-left 24px). */
const CARD_STEP_DESIGN_PX = 324

/** A length in design px (750 wide) as CSS px on this screen. */
function designPx(size: number): number {
  // H5: the stylesheet is in rem, 1rem = 40 design px, the root size set by Taro's script.
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    const root = parseFloat(document.documentElement.style.fontSize)
    if (root > 0) return (size / 40) * root
  }
  try {
    return (size * Taro.getWindowInfo().windowWidth) / 750
  } catch {
    return size / 2
  }
}

/** Where the ladder starts so that the member's own tier is the first card in view. */
export function ladderOffset(index: number): number {
  return Math.max(0, Math.round(designPx(CARD_STEP_DESIGN_PX * index)))
}

/**
 * Every tier side by side (a horizontal scroll of cards), opened on the member's own. The offset
 * is set after the cards are laid out: H5's scroll-view applies a scroll position only when it
 * changes after its first render (and scrollIntoView would scroll the whole page as well).
 */
export function TierLadder({ tiers, currentTierId, windowMonths }: TierLadderProps) {
  const current = tiers.findIndex((t) => t.id === currentTierId)
  const [scrollLeft, setScrollLeft] = useState<number | undefined>(undefined)
  useEffect(() => {
    const timer = setTimeout(() => setScrollLeft(ladderOffset(Math.max(0, current))), 0)
    return () => clearTimeout(timer)
  }, [current])
  return (
    <ScrollView className='tier-ladder' scrollX enableFlex scrollLeft={scrollLeft} scrollWithAnimation>
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
                {/* The earn rate has its own line above: not again among the benefits. */}
                {tier.benefits
                  .filter((b) => b !== multiplierText(tier))
                  .map((b) => (
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
