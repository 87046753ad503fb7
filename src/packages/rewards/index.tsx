import { useCallback, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Reward, WalletItem } from '@/api/contract'
import { Ceremony } from '@/components/ceremony'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatPoints } from '@/domain/money'
import { useCard, useOwnCard } from '@/stores/card'
import { describeError, HttpError } from '@/stores/errors'
import { usePoints } from '@/stores/points'
import { redeemBlock } from '@/domain/rewards'
import { ROUTES } from '@/pages/routes'
import { RedeemedBar, confirmText } from './redeemed'
import { RewardItem } from './reward-item'
import { WalletList } from './wallet-list'
import { BRAND_COLOR } from '@/styles/colors'
import './index.scss'

/** The server's refusals that mean this page's view was out of date (points, stock or tier moved meanwhile). */
const STALE_VIEW_CODES = ['insufficient_points', 'out_of_stock', 'tier_too_low', 'reward_unknown']

/** The rewards mall: what the points buy, redeemed with a confirmation, and the vouchers already redeemed. */
export default function RewardsPage() {
  const card = useOwnCard()
  const programme = useCard((s) => s.programme)
  const cardLoading = useCard((s) => s.loading)
  const cardError = useCard((s) => s.error)
  const rewards = usePoints((s) => s.rewards)
  const rewardsError = usePoints((s) => s.rewardsError)
  const wallet = usePoints((s) => s.wallet)
  // What the balance buys, as the backend counts it ("8 杯拿铁"): never a ¥ value no reward is priced at.
  const summary = usePoints((s) => s.summary)
  const [catalogueLoaded, setCatalogueLoaded] = useState(false)
  const [walletError, setWalletError] = useState<string | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [redeemed, setRedeemed] = useState<WalletItem | null>(null)
  const [celebrating, setCelebrating] = useState(false)
  // A second tap while a confirmation or a redemption is open does nothing.
  const inFlight = useRef(false)

  const loadWallet = useCallback(
    () =>
      usePoints
        .getState()
        .loadWallet()
        .then(
          () => setWalletError(null),
          (e: unknown) => setWalletError(describeError(e)),
        ),
    [],
  )

  const load = useCallback(async () => {
    const [result] = await Promise.all([
      useCard.getState().refresh(),
      usePoints
        .getState()
        .loadRewards()
        .finally(() => setCatalogueLoaded(true)),
      loadWallet(),
      usePoints.getState().loadSummary(),
    ])
    if (result === 'not-member') await Taro.reLaunch({ url: ROUTES.join })
  }, [loadWallet])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const tiers = programme?.tiers ?? []
  const indexOf = (tierId: string | null): number | null => {
    if (!tierId) return null
    const i = tiers.findIndex((t) => t.id === tierId)
    return i < 0 ? null : i
  }
  /** Why the member cannot redeem it now, from what this page knows; the server has the last word. */
  const blockFor = (reward: Reward) => {
    const mine = card ? indexOf(card.tierId) : null
    if (!card || mine === null) return null
    return redeemBlock({ ...reward, minTierIndex: indexOf(reward.minTierId) }, { points: card.points, tierIndex: mine })
  }

  const tap = async (reward: Reward) => {
    if (inFlight.current || !card) return
    inFlight.current = true
    try {
      const block = blockFor(reward)
      if (block) {
        await Taro.showModal({
          title: '暂时无法兑换',
          content: block.reason,
          showCancel: false,
          confirmText: '知道了',
          confirmColor: BRAND_COLOR,
        })
        return
      }
      // The title names it, the body says what it costs and what is left, the button does it: each once.
      const { confirm } = await Taro.showModal({
        title: reward.name,
        content: confirmText(reward.points, card.points),
        confirmText: '确认兑换',
        confirmColor: BRAND_COLOR,
      })
      if (!confirm) return
      setBusyId(reward.id)
      try {
        setRedeemed(await usePoints.getState().redeem(reward.id))
        setCelebrating(true)
      } catch (e) {
        setBusyId(null)
        // Nothing was deducted. When the refusal means this page was out of date, bring it up to date.
        if (e instanceof HttpError && STALE_VIEW_CODES.includes(e.code)) {
          void usePoints.getState().loadRewards()
          void useCard.getState().refresh()
        }
        await Taro.showModal({
          title: '未能兑换',
          content: describeError(e),
          showCancel: false,
          confirmText: '知道了',
          confirmColor: BRAND_COLOR,
        })
      }
    } finally {
      inFlight.current = false
      setBusyId(null)
    }
  }

  if (!card) {
    if (cardError && !cardLoading)
      return (
        <View className='page rewards-page'>
          <ErrorState message={cardError} onRetry={() => void load()} />
        </View>
      )
    return (
      <View className='page rewards-page'>
        <CardSkeleton lines={4} />
      </View>
    )
  }

  const balanceBuys = summary && summary.balance === card.points ? summary.balanceBuys : null
  return (
    <View className='page rewards-page'>
      <View className='rewards-page__balance' style={{ backgroundColor: card.tierColor }}>
        <View className='rewards-page__balance-main'>
          <Text className='rewards-page__balance-label'>我的积分</Text>
          <Text className='rewards-page__points'>{formatPoints(card.points)}</Text>
          {balanceBuys ? <Text className='rewards-page__worth'>可兑换 {balanceBuys}</Text> : null}
        </View>
        <Text className='rewards-page__ledger-link' onClick={() => void Taro.navigateTo({ url: ROUTES.points })}>
          积分明细 ›
        </Text>
      </View>
      {cardError ? (
        <RetryNotice className='rewards-page__error' message={cardError} onRetry={() => void load()} />
      ) : null}

      <View className='section'>
        <Text className='section__title'>积分兑换</Text>
        {rewards.length > 0 ? (
          <>
            {rewardsError ? <Text className='rewards-page__error'>{rewardsError}</Text> : null}
            {rewards.map((reward) => (
              <RewardItem
                key={reward.id}
                reward={reward}
                block={blockFor(reward)}
                busy={busyId === reward.id}
                onTap={(r) => void tap(r)}
              />
            ))}
          </>
        ) : rewardsError ? (
          <ErrorState message={rewardsError} onRetry={() => void usePoints.getState().loadRewards()} />
        ) : catalogueLoaded ? (
          <Text className='muted'>暂时没有可兑换的礼品，稍后再来看看</Text>
        ) : (
          <View className='rewards-page__loading' aria-busy='true'>
            {[0, 1, 2].map((i) => (
              <View key={i} className='rewards-page__loading-line' />
            ))}
          </View>
        )}
      </View>

      <View className='section'>
        <Text className='section__title'>我的兑换</Text>
        {walletError ? (
          <RetryNotice className='rewards-page__error' message={walletError} onRetry={() => void loadWallet()} />
        ) : null}
        <WalletList items={wallet} />
      </View>

      {redeemed && celebrating ? (
        <Ceremony
          title='兑换成功'
          subtitle={`${redeemed.name}已放入我的兑换`}
          color={card.tierColor}
          durationMs={2200}
          onDone={() => setCelebrating(false)}
        />
      ) : null}
      {redeemed && !celebrating ? <RedeemedBar item={redeemed} onClose={() => setRedeemed(null)} /> : null}
    </View>
  )
}
