import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import type { StaffTrial } from '@/api/contract'
import { formatMonthDay } from '@/domain/time'
import { describeError } from '@/stores/errors'
import { useStaff } from '@/stores/staff'
import { useStaffTrials } from '@/stores/staff-trials'
import './index.scss'

const STAGE_WORDS: Record<StaffTrial['stage'], string> = {
  upcoming: '即将招募',
  open: '招募中',
  trial: '体验中',
  ended: '已结束',
}

/** Staff: each trial's applications and feedback; close a window early, reply to feedback. Needs the staff key. */
export default function StaffTrialsPage() {
  const staffKey = useStaff((s) => s.key)
  const trials = useStaffTrials((s) => s.trials)
  const error = useStaffTrials((s) => s.error)
  const [replies, setReplies] = useState<Record<string, string>>({})

  useDidShow(() => {
    if (useStaff.getState().key) void useStaffTrials.getState().load()
  })

  const fail = (e: unknown) =>
    void Taro.showModal({ title: '操作未完成', content: describeError(e), showCancel: false, confirmText: '知道了' })

  const close = async (trial: StaffTrial) => {
    const { confirm } = await Taro.showModal({
      title: '提前截止报名',
      content: `截止「${trial.title}」的报名，并立即按规则选出 ${trial.seats} 位体验官？`,
      confirmText: '截止',
    })
    if (!confirm) return
    try {
      const closed = await useStaffTrials.getState().close(trial.id)
      void Taro.showToast({ title: `已选出 ${closed.selected} 位`, icon: 'none' })
    } catch (e) {
      fail(e)
    }
  }

  const reply = async (trialId: string, memberId: string) => {
    const key = `${trialId}|${memberId}`
    try {
      await useStaffTrials.getState().reply(trialId, memberId, replies[key] ?? '')
      setReplies({ ...replies, [key]: '' })
      void Taro.showToast({ title: '已回复', icon: 'success' })
    } catch (e) {
      fail(e)
    }
  }

  if (!staffKey)
    return (
      <View className='page staff-trials'>
        <View className='section'>
          <Text className='section__title'>需要员工密钥</Text>
          <Text className='muted'>请先在 我的 → 演示时间 填写员工密钥</Text>
        </View>
      </View>
    )

  return (
    <View className='page staff-trials'>
      {error ? <Text className='staff-trials__error'>{error}</Text> : null}
      {trials.map((trial) => (
        <View key={trial.id} className='section staff-trial'>
          <Text className='staff-trial__title'>{trial.title}</Text>
          <Text className='muted'>
            {STAGE_WORDS[trial.stage]} · 报名截止 {formatMonthDay(trial.applyTo)}
            {trial.closedEarly ? '（已提前截止）' : ''} · 申请 {trial.applicants} 人 · 名额 {trial.seats} · 入选{' '}
            {trial.selected}
          </Text>
          {trial.stage === 'open' ? (
            <Button className='btn-plain staff-trial__close' onClick={() => void close(trial)}>
              提前截止报名并选出体验官
            </Button>
          ) : null}
          {trial.feedback.map((f) => {
            const key = `${trial.id}|${f.memberId}`
            return (
              <View key={f.memberId} className='staff-trial__feedback'>
                <Text className='staff-trial__who'>
                  {f.nickname}（{f.tierName}）· 口味 {f.taste} · 甜度 {f.sweetness} · 会再买 {f.wouldBuy}
                </Text>
                {f.text ? <Text className='staff-trial__text'>「{f.text}」</Text> : null}
                {f.reply ? <Text className='staff-trial__reply'>已回复：{f.reply}</Text> : null}
                <View className='staff-trial__reply-row'>
                  <Input
                    className='staff-trial__input'
                    maxlength={100}
                    placeholder='回复这位体验官（100 字内）'
                    value={replies[key] ?? ''}
                    onInput={(e) => setReplies({ ...replies, [key]: e.detail.value })}
                  />
                  <Button className='btn-primary staff-trial__send' onClick={() => void reply(trial.id, f.memberId)}>
                    回复
                  </Button>
                </View>
              </View>
            )
          })}
        </View>
      ))}
    </View>
  )
}
