import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { checkBirthday, checkCity, checkNickname } from '@/domain/member'
import { formatDate } from '@/domain/time'
import { apiMode } from '@/stores/api'
import { useCard, useOwnCard } from '@/stores/card'
import { describeError } from '@/stores/errors'
import { useOfficer } from '@/stores/officer'
import { useSession } from '@/stores/session'
import { ROUTES } from '@/pages/routes'
import './index.scss'

// The demo kit is required only when the build has it. The test is written out (not DEMO from
// src/build-flags.ts) because webpack drops a require behind a literal condition, and with it the
// whole panel, from a brand build; behind an imported constant it would bundle the panel anyway.
const DemoPanel: typeof import('./demo-panel').DemoPanel | null =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require behind the literal condition is what lets webpack drop the panel
  process.env.TARO_APP_DEMO !== '0' ? (require('./demo-panel') as typeof import('./demo-panel')).DemoPanel : null

interface Draft {
  nickname: string
  birthday: string
  city: string
}

export default function MePage() {
  const card = useOwnCard()
  const brand = useCard((s) => s.programme?.brand ?? '')
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const officer = useOfficer((s) => s.officer)

  useDidShow(() => {
    void useCard.getState().refresh()
    void useOfficer.getState().load()
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
      await useCard
        .getState()
        .updateProfile({ nickname: draft.nickname.trim(), birthday: draft.birthday, city: draft.city.trim() })
      setDraft(null)
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (e) {
      setError(describeError(e))
    } finally {
      setSaving(false)
    }
  }, [draft, saving])

  const signOut = async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '退出后本机不再显示会员卡，重新登录即可找回。',
      confirmText: '退出',
    })
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
            <Input
              className='me-page__input'
              maxlength={32}
              value={draft.nickname}
              onInput={(e) => setDraft({ ...draft, nickname: e.detail.value })}
            />
          </View>
          <Picker
            mode='date'
            value={draft.birthday || '1995-01-01'}
            start='1920-01-01'
            end={formatDate(Date.now())}
            onChange={(e) => setDraft({ ...draft, birthday: String(e.detail.value) })}
          >
            <View className='me-page__field'>
              <Text className='me-page__label'>生日</Text>
              <Text className='me-page__input'>{draft.birthday || '未填写'}</Text>
            </View>
          </Picker>
          <View className='me-page__field'>
            <Text className='me-page__label'>城市</Text>
            <Input
              className='me-page__input'
              maxlength={20}
              value={draft.city}
              placeholder='如 上海'
              onInput={(e) => setDraft({ ...draft, city: e.detail.value })}
            />
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

      {card ? (
        <View className='section'>
          <Text className='section__title'>会员活动</Text>
          <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.officer })}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>
                {officer?.badge ? `体验官 · 已完成 ${officer.trialsDone} 期` : '体验官'}
              </Text>
              <Text className='muted'>新品上市前抢先尝，反馈得积分</Text>
            </View>
            <Text className='me-page__persona-state'>查看</Text>
          </View>
          <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.partners })}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>联盟权益</Text>
              <Text className='muted'>合作品牌会员礼遇，每期免费领</Text>
            </View>
            <Text className='me-page__persona-state'>查看</Text>
          </View>
        </View>
      ) : null}

      {DemoPanel ? <DemoPanel onError={setError} /> : null}

      {/* The till is in demo builds and store-device builds (TARO_APP_STAFF=1). Written out in place:
          webpack folds a literal condition here, while the minifier keeps a module constant. */}
      {process.env.TARO_APP_STAFF === '1' || process.env.TARO_APP_DEMO !== '0' ? (
        <View className='section'>
          <Text className='section__title'>员工工具</Text>
          <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.till })}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>门店收银台（演示）</Text>
              <Text className='muted'>扫描会员码结账、退款，需要收银台密钥</Text>
            </View>
            <Text className='me-page__persona-state'>打开</Text>
          </View>
          <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.staffTrials })}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>体验官管理</Text>
              <Text className='muted'>提前截止报名、回复体验反馈，需要员工密钥</Text>
            </View>
            <Text className='me-page__persona-state'>打开</Text>
          </View>
        </View>
      ) : null}

      <View className='section'>
        <Text className='section__title'>关于</Text>
        <Text className='muted'>
          {brand || 'Member Club'} 会员中心 · 版本 0.1.0 ·{' '}
          {apiMode === 'local' ? '演示数据（本机模拟后端）' : '联网后端'}
        </Text>
      </View>

      <Button className='me-page__signout' onClick={() => void signOut()}>
        退出登录
      </Button>
    </View>
  )
}
