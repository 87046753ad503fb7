import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import type { PersonaId } from '@/api/contract'
import { checkBirthday, checkCity, checkNickname } from '@/domain/member'
import { formatDate, formatMonthDay } from '@/domain/time'
import { formatMultiplier } from '@/domain/member-day'
import { apiMode, serverNow } from '@/stores/api'
import { useCard, useOwnCard } from '@/stores/card'
import { describeError } from '@/stores/errors'
import { useSession } from '@/stores/session'
import { useStoreList } from '@/stores/store-list'
import { ROUTES } from '@/pages/routes'
import './index.scss'

type ClockTarget = 'now' | 'member-day' | 'quarterly-day'

interface Draft {
  nickname: string
  birthday: string
  city: string
}

export default function MePage() {
  const card = useOwnCard()
  const brand = useCard((s) => s.programme?.brand ?? '')
  const persona = useSession((s) => s.persona)
  const personas = useSession((s) => s.personas)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [switching, setSwitching] = useState<PersonaId | null>(null)
  const [moving, setMoving] = useState<ClockTarget | null>(null)
  const programme = useCard((s) => s.programme)
  const stores = useStoreList((s) => s.stores)
  const demoNear = useStoreList((s) => s.demoNear)

  useDidShow(() => {
    void useStoreList.getState().load()
    useSession
      .getState()
      .loadPersonas()
      .catch(() => undefined) // offline: the list stays as it was
    void useCard.getState().refresh()
  })

  const startEdit = () => {
    if (!card) return
    setError(null)
    setDraft({ nickname: card.nickname, birthday: card.birthday ?? '', city: card.city ?? '' })
  }

  const save = useCallback(async () => {
    if (!draft || saving) return
    const nickname = checkNickname(draft.nickname)
    const birthday = draft.birthday ? checkBirthday(draft.birthday, Date.now()) : null
    const city = checkCity(draft.city)
    const invalid = [nickname, birthday, city].find((c) => c && !c.ok)
    if (invalid && !invalid.ok) {
      setError(invalid.message)
      return
    }
    setSaving(true)
    setError(null)
    try {
      await useCard.getState().updateProfile({ nickname: draft.nickname.trim(), birthday: draft.birthday, city: draft.city.trim() })
      setDraft(null)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      setError(describeError(e))
    } finally {
      setSaving(false)
    }
  }, [draft, saving])

  const switchPersona = async (id: PersonaId) => {
    if (switching) return
    setSwitching(id)
    setError(null)
    try {
      await useSession.getState().switchPersona(id)
      useCard.getState().clear()
      await Taro.switchTab({ url: ROUTES.card })
    } catch (e) {
      setError(describeError(e))
    } finally {
      setSwitching(null)
    }
  }

  const moveClock = async (to: ClockTarget) => {
    if (moving) return
    setMoving(to)
    setError(null)
    try {
      const now = await useSession.getState().moveClock(to)
      void useCard.getState().refresh()
      void Taro.showToast({ title: `现在是 ${formatMonthDay(now)}`, icon: 'none' })
    } catch (e) {
      setError(describeError(e))
    } finally {
      setMoving(null)
    }
  }

  const pickDemoSpot = async () => {
    if (demoNear) return useStoreList.getState().pretendNear(null)
    if (stores.length === 0) return
    try {
      const { tapIndex } = await Taro.showActionSheet({ itemList: stores.slice(0, 6).map((st) => `${st.name}旁 300 米`) })
      useStoreList.getState().pretendNear(stores[tapIndex].id)
    } catch {
      // dismissed
    }
  }

  const md = programme?.memberDay
  const clockChoices: { to: ClockTarget; title: string; description: string }[] = [
    { to: 'now', title: '回到现在', description: '使用真实时间，演示身份恢复为今天的样子' },
    { to: 'member-day', title: `跳到下一个${md?.monthly.title ?? '会员日'}`, description: md ? `积分 ${formatMultiplier(md.monthly.multiplierPct)}，可领会员日券` : '' },
    { to: 'quarterly-day', title: `跳到下一个${md?.quarterly.title ?? '季度会员日'}`, description: md ? `积分 ${formatMultiplier(md.quarterly.multiplierPct)}，更多专享与券` : '' },
  ]

  const signOut = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '退出后本机不再显示会员卡，重新登录即可找回。', confirmText: '退出' })
    if (!confirm) return
    await useSession.getState().signOut()
    useCard.getState().clear()
    await Taro.reLaunch({ url: ROUTES.join })
  }

  return (
    <View className='page me-page'>
      {card ? (
        <View className='section me-page__profile'>
          <View className='me-page__avatar' style={{ backgroundColor: card.tierColor }}>
            <Text>{[...card.nickname][0]}</Text>
          </View>
          <View className='me-page__who'>
            <Text className='me-page__name'>{card.nickname}</Text>
            <Text className='muted'>
              {card.tierName} · {card.phoneMasked}
            </Text>
          </View>
          {draft ? null : (
            <Text className='me-page__edit' onClick={startEdit}>
              编辑资料
            </Text>
          )}
        </View>
      ) : null}

      {draft ? (
        <View className='section me-page__form'>
          <View className='me-page__field'>
            <Text className='me-page__label'>昵称</Text>
            <Input className='me-page__input' maxlength={32} value={draft.nickname} onInput={(e) => setDraft({ ...draft, nickname: e.detail.value })} />
          </View>
          <Picker mode='date' value={draft.birthday || '1995-01-01'} start='1920-01-01' end={formatDate(Date.now())} onChange={(e) => setDraft({ ...draft, birthday: String(e.detail.value) })}>
            <View className='me-page__field'>
              <Text className='me-page__label'>生日</Text>
              <Text className='me-page__input'>{draft.birthday || '未填写'}</Text>
            </View>
          </Picker>
          <View className='me-page__field'>
            <Text className='me-page__label'>城市</Text>
            <Input className='me-page__input' maxlength={20} value={draft.city} placeholder='如 上海' onInput={(e) => setDraft({ ...draft, city: e.detail.value })} />
          </View>
          <View className='me-page__actions'>
            <Button className='btn-plain me-page__action' onClick={() => setDraft(null)}>
              取消
            </Button>
            <Button className='btn-primary me-page__action' disabled={saving} onClick={() => void save()}>
              {saving ? '保存中…' : '保存'}
            </Button>
          </View>
        </View>
      ) : null}
      {error ? <Text className='me-page__error'>{error}</Text> : null}

      {card ? (
        <View className='section'>
          <Text className='section__title'>我的邀请码</Text>
          <Text className='me-page__invite'>{card.inviteCode}</Text>
          <Text className='muted'>好友入会时填写，即可成为你邀请的会员</Text>
        </View>
      ) : null}

      {personas.length > 0 ? (
        <View className='section'>
          <Text className='section__title'>演示身份</Text>
          <Text className='muted'>切换到预设会员，查看不同等级与积分情况</Text>
          {personas.map((p) => (
            <View key={p.id} className={`me-page__persona${persona === p.id ? ' me-page__persona--on' : ''}`} onClick={() => void switchPersona(p.id)}>
              <View className='me-page__persona-text'>
                <Text className='me-page__persona-title'>{p.title}</Text>
                <Text className='muted'>{p.description}</Text>
              </View>
              <Text className='me-page__persona-state'>{switching === p.id ? '切换中…' : persona === p.id ? '当前' : '切换'}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {personas.length > 0 ? (
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
          <View className='me-page__persona' onClick={() => void pickDemoSpot()}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>{demoNear ? `模拟定位：${demoNear}旁` : '模拟定位'}</Text>
              <Text className='muted'>会员卡页显示「附近可用的券」，门店按距离排序</Text>
            </View>
            <Text className='me-page__persona-state'>{demoNear ? '关闭' : '选择门店'}</Text>
          </View>
        </View>
      ) : null}

      <View className='section'>
        <Text className='section__title'>员工工具</Text>
        <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.till })}>
          <View className='me-page__persona-text'>
            <Text className='me-page__persona-title'>门店收银台（演示）</Text>
            <Text className='muted'>扫描会员码结账、退款，需要收银台密钥</Text>
          </View>
          <Text className='me-page__persona-state'>打开</Text>
        </View>
      </View>

      <View className='section'>
        <Text className='section__title'>关于</Text>
        <Text className='muted'>
          {brand || 'Member Club'} 会员中心 · 版本 0.1.0 · {apiMode === 'local' ? '演示数据（本机模拟后端）' : '联网后端'}
        </Text>
      </View>

      <Button className='me-page__signout' onClick={() => void signOut()}>
        退出登录
      </Button>
    </View>
  )
}
