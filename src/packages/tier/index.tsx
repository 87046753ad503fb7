import { useCallback } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { TierProgress } from '@/components/tier-progress'
import { formatDay } from '@/domain/format'
import { serverNow } from '@/stores/api'
import { useCard, useOwnCard } from '@/stores/card'
import { tierNotice, useInbox } from '@/stores/inbox'
import { ROUTES } from '@/pages/routes'
import { TierLadder } from './ladder'
import { multiplierText } from './tier-words'
import './index.scss'

/** The programme's rules in plain words, over its rolling window. */
const rulesText = (windowMonths: number | null) => [
  `等级按${windowMonths ? `近 ${windowMonths} 个月的` : ''}消费金额或到店次数计算，达到即时升级；`,
  '每年在等级周年日检查保级条件，未达到最多下降一级；',
  '到店次数按自然日计算，同一天多次消费计 1 次。',
]

/** Why this tier, what lifts it and what keeps it: the ladder, your 12 months, the forecast, the rules. */
export default function TierPage() {
  const card = useOwnCard()
  const programme = useCard((s) => s.programme)
  const loading = useCard((s) => s.loading)
  const error = useCard((s) => s.error)
  const latest = tierNotice(useInbox((s) => s.messages))
  // A drop notice holds only while the member is still in the tier it dropped them to.
  const notice = latest && card && latest.at === card.tierSince ? latest : null

  const refresh = useCallback(async () => {
    const [result] = await Promise.all([
      useCard.getState().refresh(),
      // A message is a nicety on this page: without it the tier still shows.
      useInbox
        .getState()
        .load()
        .catch(() => undefined),
    ])
    if (result === 'not-member') await Taro.reLaunch({ url: ROUTES.join })
  }, [])

  useDidShow(() => {
    void refresh()
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  if (!card) {
    if (error && !loading)
      return (
        <View className='page tier-page'>
          <ErrorState message={error} onRetry={() => void refresh()} />
        </View>
      )
    return (
      <View className='page tier-page'>
        <CardSkeleton lines={4} />
      </View>
    )
  }

  const rule = programme?.tiers.find((t) => t.id === card.tierId) ?? null
  // The forecast is for the coming anniversary; once it has passed the next refresh brings the new year's.
  const keep = card.keep && card.keep.anniversary > serverNow() ? card.keep : null

  return (
    <View className='page tier-page'>
      {notice ? (
        <View className='tier-page__notice'>
          <Text className='tier-page__notice-title'>{notice.title}</Text>
          <Text className='tier-page__notice-body'>{notice.body}</Text>
        </View>
      ) : null}
      <View className='tier-page__hero' style={{ backgroundColor: card.tierColor }}>
        <Text className='tier-page__hero-label'>当前等级</Text>
        <Text className='tier-page__hero-name'>{card.tierName}</Text>
        <Text className='tier-page__hero-sub'>
          {rule ? `${multiplierText(rule)} · ` : ''}
          {formatDay(card.tierSince, serverNow())}起
        </Text>
      </View>
      {error ? <RetryNotice className='tier-page__error' message={error} onRetry={() => void refresh()} /> : null}
      <View className='section'>
        <TierProgress
          tierName={card.tierName}
          progress={card.progress}
          keep={keep}
          stats={card.stats}
          windowMonths={programme?.horizons.rollingMonths ?? null}
        />
      </View>
      {programme ? (
        <View className='section tier-page__ladder'>
          <Text className='section__title'>等级一览</Text>
          <TierLadder
            tiers={programme.tiers}
            currentTierId={card.tierId}
            windowMonths={programme.horizons.rollingMonths}
          />
        </View>
      ) : null}
      <View className='section'>
        <Text className='section__title'>等级规则</Text>
        {rulesText(programme?.horizons.rollingMonths ?? null).map((line) => (
          <Text key={line} className='tier-page__rule'>
            {line}
          </Text>
        ))}
      </View>
    </View>
  )
}
