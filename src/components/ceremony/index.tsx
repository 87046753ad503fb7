import { useEffect, useRef } from 'react'
import { Text, View } from '@tarojs/components'
import './index.scss'

export interface CeremonyProps {
  /** The headline, e.g. "欢迎加入栖木咖啡". */
  title: string
  /** One line under it. */
  subtitle?: string
  /** Card colour behind the title. */
  color: string
  /** Auto-close after this many ms. @default 2800 */
  durationMs?: number
  /** Called once, on skip or when the time is up. */
  onDone: () => void
}

/** A short, skippable celebration for the moments that matter (joining, upgrading). */
export function Ceremony({ title, subtitle, color, durationMs = 2800, onDone }: CeremonyProps) {
  // The latest onDone, without restarting the timer when a parent re-renders.
  const done = useRef(onDone)
  done.current = onDone
  useEffect(() => {
    const t = setTimeout(() => done.current(), durationMs)
    return () => clearTimeout(t)
  }, [durationMs])
  return (
    <View className='ceremony' onClick={onDone}>
      <View className='ceremony__card' style={{ backgroundColor: color }}>
        <Text className='ceremony__title'>{title}</Text>
        {subtitle ? <Text className='ceremony__subtitle'>{subtitle}</Text> : null}
      </View>
      <View className='ceremony__confetti'>
        {Array.from({ length: 12 }, (_, i) => (
          <View
            key={i}
            className={`ceremony__dot ceremony__dot--${i % 4}`}
            style={{ left: `${(i * 8.3) % 100}%`, animationDelay: `${(i % 5) * 0.12}s` }}
          />
        ))}
      </View>
      <Text className='ceremony__skip'>跳过</Text>
    </View>
  )
}
