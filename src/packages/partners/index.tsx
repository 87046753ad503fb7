import { useCallback } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { PartnerPerk } from '@/api/contract'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatYuan } from '@/domain/money'
import { formatDate } from '@/domain/time'
import { describeError } from '@/stores/errors'
import { usePartners } from '@/stores/partners'
import './index.scss'

const PERIOD_WORDS = { month: '每月', quarter: '每季度', year: '每年' } as const

/** 联盟权益: partner brands' perks that come with the tier, claimed free once per period, with the code to use at the partner. */
export default function PartnersPage() {
  const perks = usePartners((s) => s.perks)
  const answered = usePartners((s) => s.answered)
  const error = usePartners((s) => s.error)
  const claiming = usePartners((s) => s.claiming)

  const load = useCallback(() => usePartners.getState().load(), [])
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const claim = async (perk: PartnerPerk) => {
    try {
      await usePartners.getState().claim(perk.id)
      void Taro.showToast({ title: '已领取', icon: 'success' })
    } catch (e) {
      if (e instanceof Error && e.message === 'busy') return
      await Taro.showModal({ title: '未能领取', content: describeError(e), showCancel: false, confirmText: '知道了' })
    }
  }

  const copy = (code: string) => void Taro.setClipboardData({ data: code })

  if (!answered) return <View className='page partners-page'>{<CardSkeleton lines={4} />}</View>
  if (error && perks.length === 0)
    return (
      <View className='page partners-page'>
        <ErrorState message={error} onRetry={() => void load()} />
      </View>
    )

  return (
    <View className='page partners-page'>
      <View className='partners-page__intro'>
        <Text className='partners-page__intro-title'>会员等级礼遇 · 合作品牌</Text>
        <Text className='partners-page__intro-sub'>随等级免费领取，每期一次；积分兑换的合作权益仍在积分商城</Text>
      </View>
      {error ? <RetryNotice className='partners-page__error' message={error} onRetry={() => void load()} /> : null}
      {perks.map((perk) => (
        <View key={perk.id} className={`section perk perk--${perk.status}`}>
          <View className='perk__head'>
            <Text className='perk__partner'>{perk.partner}</Text>
            <Text className='perk__audience'>{perk.audience}</Text>
          </View>
          <Text className='perk__title'>{perk.title}</Text>
          <Text className='perk__desc'>{perk.description}</Text>
          <Text className='perk__terms'>
            {PERIOD_WORDS[perk.period]}可领 1 次 · {perk.periodLabel}剩 {perk.left} 份 · 价值{' '}
            {formatYuan(perk.valueFen)}
          </Text>
          {perk.claim ? (
            <View className='perk__claim'>
              <View className='perk__code-row'>
                <Text className='perk__code'>兑换码 {perk.claim.code}</Text>
                <Text className='perk__copy' onClick={() => copy(perk.claim!.code)}>
                  复制
                </Text>
              </View>
              <Text className='perk__expiry'>有效期至 {formatDate(perk.claim.expiresAt)}</Text>
              <Text className='perk__how'>使用方法：{perk.howToUse}</Text>
            </View>
          ) : null}
          {perk.reason ? <Text className='perk__reason'>{perk.reason}</Text> : null}
          {perk.status === 'claimable' ? (
            <Button
              className='btn-primary perk__button'
              disabled={claiming.includes(perk.id)}
              onClick={() => void claim(perk)}
            >
              {claiming.includes(perk.id) ? '领取中…' : '免费领取'}
            </Button>
          ) : null}
        </View>
      ))}
    </View>
  )
}
