import { View } from '@tarojs/components'
import './index.scss'

export interface CardSkeletonProps {
  /** Lines of text to sketch under the card. @default 3 */
  lines?: number
}

export interface SkeletonBlockProps {
  /** Sizes the block (height, margins). */
  className?: string
}

/** One shimmering placeholder block, for pages that sketch their own shape. */
export function SkeletonBlock({ className }: SkeletonBlockProps) {
  return <View className={`skeleton__block${className ? ` ${className}` : ''}`} />
}

/** The card page's shape while the first load is on its way. */
export function CardSkeleton({ lines = 3 }: CardSkeletonProps) {
  return (
    <View className='skeleton' aria-busy='true' aria-label='加载中'>
      <View className='skeleton__block skeleton__card' />
      {Array.from({ length: lines }, (_, i) => (
        <View key={i} className='skeleton__block skeleton__line' style={{ width: `${90 - i * 18}%` }} />
      ))}
    </View>
  )
}
