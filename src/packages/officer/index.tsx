import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import type { Trial } from '@/api/contract'
import { BadgeCeremony } from '@/components/ceremony/badge'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatMonthDay } from '@/domain/time'
import { describeError } from '@/stores/errors'
import { useOfficer } from '@/stores/officer'
import { useOwnCard } from '@/stores/card'
import { useHero } from '@/stores/hero'
import { couponUrl } from '@/pages/routes'
import { FeedbackForm } from './feedback-form'
import './index.scss'

const STAGE_WORDS: Record<Trial['stage'], string> = {
  upcoming: '即将招募',
  open: '招募中',
  trial: '体验中',
  ended: '已结束',
}
const STATUS_WORDS = { applied: '已申请', selected: '已入选', not_selected: '未入选' } as const

const span = (from: number, to: number) => `${formatMonthDay(from)}–${formatMonthDay(to)}`

/** 体验官: the brand's trials before launch, applying with one tap, the result and why, the voucher and the feedback. */
export default function OfficerPage() {
  const trials = useOfficer((s) => s.trials)
  const officer = useOfficer((s) => s.officer)
  const answered = useOfficer((s) => s.answered)
  const error = useOfficer((s) => s.error)
  const busy = useOfficer((s) => s.busy)
  const [notes, setNotes] = useState<Record<string, string>>({})
  // The badge's ceremony, once: the card the feedback refreshes says when it is new.
  const celebrate = useOwnCard()?.celebrate ?? null

  const load = useCallback(() => useOfficer.getState().load(), [])
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const apply = async (trial: Trial) => {
    try {
      await useOfficer.getState().apply(trial.id, notes[trial.id] ?? '')
      void Taro.showToast({ title: '已申请', icon: 'success' })
    } catch (e) {
      if (e instanceof Error && e.message === 'busy') return
      await Taro.showModal({ title: '未能申请', content: describeError(e), showCancel: false, confirmText: '知道了' })
    }
  }

  if (!answered) return <View className='page officer-page'>{<CardSkeleton lines={4} />}</View>
  if (error && trials.length === 0)
    return (
      <View className='page officer-page'>
        <ErrorState message={error} onRetry={() => void load()} />
      </View>
    )

  return (
    <View className='page officer-page'>
      <BadgeCeremony news={celebrate} onShown={useHero.getState().celebrated} />
      <View className='officer-page__hero'>
        <Text className='officer-page__hero-title'>
          {officer?.badge ? `你是${officer.badge}` : '新品上市前，先请会员尝'}
        </Text>
        <Text className='officer-page__hero-sub'>
          {officer?.badge
            ? `已完成 ${officer.trialsDone} 期体验，你的反馈会出现在新品里`
            : '申请成为体验官：免费品尝，反馈得积分'}
        </Text>
      </View>
      {error ? <RetryNotice className='officer-page__error' message={error} onRetry={() => void load()} /> : null}
      {trials.length === 0 ? <Text className='muted'>暂时没有体验官招募，稍后再来看看</Text> : null}
      {trials.map((trial) => {
        const { mine } = trial
        return (
          <View key={trial.id} className={`section trial trial--${trial.stage}`}>
            <View className='trial__head'>
              <Text className={`trial__stage trial__stage--${trial.stage}`}>{STAGE_WORDS[trial.stage]}</Text>
              {mine.status !== 'none' ? (
                <Text className={`trial__status trial__status--${mine.status}`}>{STATUS_WORDS[mine.status]}</Text>
              ) : null}
            </View>
            <Text className='trial__title'>{trial.title}</Text>
            <Text className='trial__story'>{trial.story}</Text>
            <View className='trial__facts'>
              <Text className='trial__fact'>
                名额 {trial.seats} 位 · 已有 {trial.applicants} 人申请 · {trial.eligibility}
              </Text>
              <Text className='trial__fact'>
                报名 {span(trial.applyFrom, trial.applyTo)}
                {trial.closedEarly ? '（已提前截止）' : ''} · 体验 {span(trial.trialFrom, trial.trialTo)} · 反馈截止{' '}
                {formatMonthDay(trial.feedbackDue)}
              </Text>
              <Text className='trial__fact'>
                入选规则：{trial.selectionRule} · 反馈得 {trial.feedbackPoints} 积分
              </Text>
            </View>

            {mine.status === 'none' && trial.stage === 'open' && !trial.applyBlock ? (
              <View className='trial__apply'>
                <Input
                  className='trial__note'
                  maxlength={100}
                  placeholder='口味偏好（选填，100 字内）'
                  value={notes[trial.id] ?? ''}
                  onInput={(e) => setNotes({ ...notes, [trial.id]: e.detail.value })}
                />
                <Button
                  className='btn-primary trial__apply-button'
                  disabled={busy.includes(trial.id)}
                  onClick={() => void apply(trial)}
                >
                  {busy.includes(trial.id) ? '申请中…' : '一键申请'}
                </Button>
              </View>
            ) : null}
            {mine.status === 'none' && trial.applyBlock ? (
              <Text className='trial__block'>{trial.applyBlock}</Text>
            ) : null}

            {mine.result ? <Text className='trial__result'>{mine.result}</Text> : null}
            {mine.next ? <Text className='trial__next'>{mine.next}</Text> : null}
            {mine.voucher && mine.voucher.status === 'available' ? (
              <View
                className='trial__voucher'
                onClick={() => void Taro.navigateTo({ url: couponUrl(mine.voucher!.couponId) })}
              >
                <Text>体验券 · {trial.product}</Text>
                <Text className='trial__voucher-go'>去使用 ›</Text>
              </View>
            ) : null}
            {mine.status === 'selected' && !mine.feedback && !mine.feedbackBlock ? (
              <FeedbackForm trial={trial} />
            ) : null}
            {mine.feedback ? (
              <View className='trial__feedback'>
                <Text className='trial__feedback-scores'>
                  我的反馈：口味 {mine.feedback.taste} · 甜度 {mine.feedback.sweetness} · 会再买{' '}
                  {mine.feedback.wouldBuy}
                </Text>
                {mine.feedback.text ? <Text className='trial__feedback-text'>「{mine.feedback.text}」</Text> : null}
                {mine.feedback.reply ? (
                  <View className='trial__reply'>
                    <Text className='trial__reply-who'>品牌回复</Text>
                    <Text className='trial__reply-text'>「{mine.feedback.reply}」</Text>
                  </View>
                ) : null}
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}
