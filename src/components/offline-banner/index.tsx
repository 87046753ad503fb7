import { Text, View } from '@tarojs/components'
import { formatClock, formatMonthDay, shanghaiDayNumber } from '@/domain/time'
import './index.scss'

export interface OfflineBannerProps {
  /** Server time of the last successful sync; null if never synced. */
  lastSyncAt: number | null
  /** Server time now, to say "today" or a date. */
  now: number
}

export function lastSyncText(lastSyncAt: number | null, now: number): string {
  if (lastSyncAt === null) return '尚未同步'
  const sameDay = shanghaiDayNumber(lastSyncAt) === shanghaiDayNumber(now)
  return `${sameDay ? '' : formatMonthDay(lastSyncAt) + ' '}${formatClock(lastSyncAt)} 同步`
}

/** Shown while the network is down: the card below is the cached one, as of the last sync. */
export function OfflineBanner({ lastSyncAt, now }: OfflineBannerProps) {
  return (
    <View className='offline-banner' role='alert'>
      <Text>网络不可用 · 显示 {lastSyncText(lastSyncAt, now)}的会员卡</Text>
    </View>
  )
}
