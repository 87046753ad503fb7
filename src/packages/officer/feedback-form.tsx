import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import type { Trial } from '@/api/contract'
import { describeError } from '@/stores/errors'
import { useOfficer } from '@/stores/officer'

const QUESTIONS = [
  ['taste', '口味'],
  ['sweetness', '甜度'],
  ['wouldBuy', '会再买吗'],
] as const
type Scores = Record<(typeof QUESTIONS)[number][0], number>

/** The feedback form after the trial voucher is used: 1–5 on three questions and a word (≤ 200). */
export function FeedbackForm({ trial }: { trial: Trial }) {
  const [scores, setScores] = useState<Partial<Scores>>({})
  const [text, setText] = useState('')
  const busy = useOfficer((s) => s.busy.includes(trial.id))
  const complete = QUESTIONS.every(([k]) => scores[k] !== undefined)

  const send = async () => {
    if (!complete) {
      await Taro.showModal({ title: '还差一点', content: '请为口味、甜度和会再买吗各打 1–5 分', showCancel: false })
      return
    }
    try {
      const points = await useOfficer.getState().sendFeedback({
        trialId: trial.id,
        ...(scores as Scores),
        ...(text.trim() ? { text: text.trim() } : {}),
      })
      void Taro.showToast({ title: `感谢反馈，+${points} 积分`, icon: 'none' })
    } catch (e) {
      if (e instanceof Error && e.message === 'busy') return
      await Taro.showModal({ title: '未能提交', content: describeError(e), showCancel: false, confirmText: '知道了' })
    }
  }

  return (
    <View className='feedback-form'>
      <Text className='feedback-form__title'>体验反馈 · 提交得 {trial.feedbackPoints} 积分</Text>
      {QUESTIONS.map(([key, label]) => (
        <View key={key} className='feedback-form__row'>
          <Text className='feedback-form__label'>{label}</Text>
          <View className='feedback-form__scores'>
            {[1, 2, 3, 4, 5].map((n) => (
              <Text
                key={n}
                className={`feedback-form__score ${scores[key] === n ? 'feedback-form__score--on' : ''}`}
                data-question={key}
                onClick={() => setScores((s) => ({ ...s, [key]: n }))}
              >
                {n}
              </Text>
            ))}
          </View>
        </View>
      ))}
      <Input
        className='feedback-form__text'
        maxlength={200}
        placeholder='说说你的感受（选填，200 字内）'
        value={text}
        onInput={(e) => setText(e.detail.value)}
      />
      <Button className='btn-primary feedback-form__send' disabled={busy} onClick={() => void send()}>
        {busy ? '提交中…' : '提交反馈'}
      </Button>
    </View>
  )
}
