import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { DemoClockTarget as ClockTarget, PersonaId } from '@/api/contract'
import { formatDistance } from '@/domain/geo'
import { formatMonthDay } from '@/domain/time'
import { formatMultiplier } from '@/domain/member-day'
import { serverNow } from '@/stores/api'
import { useCard } from '@/stores/card'
import { useDemo } from '@/stores/demo'
import { describeError } from '@/stores/errors'
import { useSession } from '@/stores/session'
import { useStaffTrials } from '@/stores/staff-trials'
import { useStoreList } from '@/stores/store-list'
import { ROUTES } from '@/pages/routes'

interface Props {
  /** Why the last switch or clock move failed (null to clear); 我的 shows it under the profile. */
  onError: (message: string | null) => void
}

/**
 * The demo kit on 我的: 演示身份 (switch to a preset member), 演示时间 (move the backend's clock to a
 * member day) and 模拟定位 (pretend to stand near a store). Only in demo builds: the page requires
 * this module behind the build's demo switch, so a brand build carries none of it. Shown inside
 * 员工入口 (staff-entry.tsx) once the staff key is kept: moving the clock and rebuilding personas
 * change the demo for everyone, and shoppers see no demo words.
 */
export function DemoPanel({ onError }: Props) {
  const persona = useSession((s) => s.persona)
  const personas = useDemo((s) => s.personas)
  const programme = useCard((s) => s.programme)
  const stores = useStoreList((s) => s.stores)
  const demoNear = useStoreList((s) => s.demoNear)
  const [switching, setSwitching] = useState<PersonaId | null>(null)
  const [moving, setMoving] = useState<ClockTarget | null>(null)
  // Trials still taking applications: staff may close one now (the seats are given at once).
  const openTrials = useStaffTrials((s) => s.trials).filter((t) => t.stage === 'open')
  const [closing, setClosing] = useState<string | null>(null)

  const load = () => {
    void useStaffTrials.getState().load()
    void useStoreList.getState().load()
    useDemo
      .getState()
      .loadPersonas()
      .catch(() => undefined) // offline: the list stays as it was
  }
  // Staff open 员工入口 on a page already shown: load at once, and again whenever 我的 shows.
  useEffect(load, [])
  useDidShow(load)

  const switchPersona = async (id: PersonaId) => {
    if (switching) return
    setSwitching(id)
    onError(null)
    try {
      await useSession.getState().switchPersona(id)
      useCard.getState().clear()
      await Taro.switchTab({ url: ROUTES.card })
    } catch (e) {
      onError(describeError(e))
    } finally {
      setSwitching(null)
    }
  }

  const moveClock = async (to: ClockTarget) => {
    if (moving) return
    setMoving(to)
    onError(null)
    try {
      const now = await useDemo.getState().moveClock(to)
      void useCard.getState().refresh()
      void Taro.showToast({ title: `现在是 ${formatMonthDay(now)}`, icon: 'none' })
    } catch (e) {
      onError(describeError(e))
    } finally {
      setMoving(null)
    }
  }

  const pickDemoSpot = async () => {
    if (demoNear) return useStoreList.getState().pretendNear(null)
    if (stores.length === 0) return
    try {
      const { tapIndex } = await Taro.showActionSheet({
        itemList: stores
          .slice(0, 6)
          .map((st) => `${st.name}旁${programme ? ` ${formatDistance(programme.horizons.demoDistanceM)}` : ''}`),
      })
      useStoreList.getState().pretendNear(stores[tapIndex].id)
    } catch {
      // dismissed
    }
  }

  // The demo backend lists the personas; without them (offline at first show) there is nothing to offer.
  if (personas.length === 0) return null

  const closeTrial = async (trialId: string) => {
    if (closing) return
    setClosing(trialId)
    onError(null)
    try {
      const closed = await useStaffTrials.getState().close(trialId)
      void Taro.showToast({ title: `已截止，选出 ${closed.selected} 位体验官`, icon: 'none' })
    } catch (e) {
      onError(describeError(e))
    } finally {
      setClosing(null)
    }
  }

  const md = programme?.memberDay
  const clockChoices: { to: ClockTarget; title: string; description: string }[] = [
    { to: 'now', title: '回到现在', description: '使用真实时间，演示身份恢复为今天的样子' },
    {
      to: 'member-day',
      title: `跳到下一个${md?.monthly.title ?? '会员日'}`,
      description: md ? `积分 ${formatMultiplier(md.monthly.multiplierPct)}，可领会员日券` : '',
    },
    {
      to: 'quarterly-day',
      title: `跳到下一个${md?.quarterly.title ?? '季度会员日'}`,
      description: md ? `积分 ${formatMultiplier(md.quarterly.multiplierPct)}，更多专享与券` : '',
    },
  ]

  return (
    <>
      <View className='section'>
        <Text className='section__title'>演示身份</Text>
        <Text className='muted'>切换到预设会员，并恢复为今天的样子，查看不同等级与积分情况</Text>
        {personas.map((p) => (
          <View
            key={p.id}
            className={`me-page__persona${persona === p.id ? ' me-page__persona--on' : ''}`}
            onClick={() => void switchPersona(p.id)}
          >
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>{p.title}</Text>
              <Text className='muted'>{p.description}</Text>
            </View>
            <Text className='me-page__persona-state'>
              {switching === p.id ? '切换中…' : persona === p.id ? '当前' : '切换'}
            </Text>
          </View>
        ))}
      </View>

      <View className='section'>
        <Text className='section__title'>演示时间 · 后端现在是 {formatMonthDay(serverNow())}</Text>
        {clockChoices.map((c) => (
          <View key={c.to} className='me-page__persona' onClick={() => void moveClock(c.to)}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>{c.title}</Text>
              <Text className='muted'>{c.description}</Text>
            </View>
            <Text className='me-page__persona-state'>{moving === c.to ? '调整中…' : '选择'}</Text>
          </View>
        ))}
        {openTrials.map((t) => (
          <View key={t.id} className='me-page__persona' onClick={() => void closeTrial(t.id)}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>截止体验官报名</Text>
              <Text className='muted'>
                {t.title}：已有 {t.applicants} 人申请，截止后立即选出 {t.seats} 位
              </Text>
            </View>
            <Text className='me-page__persona-state'>{closing === t.id ? '截止中…' : '截止'}</Text>
          </View>
        ))}
        <View className='me-page__persona' onClick={() => void pickDemoSpot()}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>{demoNear ? `模拟定位：${demoNear}旁` : '模拟定位'}</Text>
            <Text className='muted'>会员卡页显示「附近可用的券」，门店按距离排序</Text>
          </View>
          <Text className='me-page__persona-state'>{demoNear ? '关闭' : '选择门店'}</Text>
        </View>
      </View>
    </>
  )
}
