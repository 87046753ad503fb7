import { Text, View } from '@tarojs/components'
import { formatYuan } from '@/domain/money'
import { formatMonthDay } from '@/domain/time'
import './index.scss'

export interface UpgradePath {
  nextTierName: string
  /** Fen still to spend for the next tier. */
  spendToGoFen: number
  visitsToGo: number
  /** 0..1 along the better of the two paths. */
  ratio: number
}

export interface KeepPath {
  /** The tier anniversary (ms). */
  anniversary: number
  kept: boolean
  spendToGoFen: number
  visitsToGo: number
  dropToName: string
}

export interface TierProgressProps {
  tierName: string
  /** Progress to the next tier; null at the top tier. */
  progress: UpgradePath | null
  /** What keeps the tier at its anniversary; null for the base tier. */
  keep: KeepPath | null
  /** Spend (fen) and visits over the programme's rolling window. */
  stats: { spendFen: number; visits: number }
  /** That window in months (served with the programme rules); null while the rules are not known. */
  windowMonths: number | null
}

/** "再消费 ¥320 或到店 2 次升级金卡": the two paths to the next tier, and what keeps this one. */
export function upgradeLine(progress: UpgradePath): string {
  if (progress.spendToGoFen === 0 || progress.visitsToGo === 0)
    return `已满足${progress.nextTierName}条件，下次消费后升级`
  return `再消费 ${formatYuan(progress.spendToGoFen)} 或到店 ${progress.visitsToGo} 次升级${progress.nextTierName}`
}

export function keepLine(tierName: string, keep: KeepPath): string {
  const day = formatMonthDay(keep.anniversary)
  if (keep.kept) return `本年度已达保级条件，${tierName}将在${day}自动续期一年`
  return `${day}前再消费 ${formatYuan(keep.spendToGoFen)} 或到店 ${keep.visitsToGo} 次即可保级${tierName}，否则将降为${keep.dropToName}`
}

export function TierProgress({ tierName, progress, keep, stats, windowMonths }: TierProgressProps) {
  return (
    <View className='tier-progress'>
      <View className='tier-progress__head'>
        <Text className='tier-progress__title'>
          {progress ? `距离${progress.nextTierName}` : `${tierName} · 最高等级`}
        </Text>
        <Text className='tier-progress__stats'>
          {windowMonths ? `近 ${windowMonths} 个月` : ''}消费 {formatYuan(stats.spendFen)} · 到店 {stats.visits} 次
        </Text>
      </View>
      {progress ? (
        <>
          <View className='tier-progress__bar'>
            <View className='tier-progress__fill' style={{ width: `${Math.round(progress.ratio * 100)}%` }} />
          </View>
          <Text className='tier-progress__line'>{upgradeLine(progress)}</Text>
        </>
      ) : null}
      {keep ? (
        <Text className={`tier-progress__keep${keep.kept ? '' : ' tier-progress__keep--warn'}`}>
          {keepLine(tierName, keep)}
        </Text>
      ) : null}
    </View>
  )
}
