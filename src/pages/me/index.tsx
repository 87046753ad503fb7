import { useCallback, useState } from 'react'
import { copyText } from '@/adapters/clipboard'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { checkBirthday, checkCity, checkNickname } from '@/domain/member'
import { formatPoints } from '@/domain/money'
import { formatDate } from '@/domain/time'
import { useCard, useOwnCard } from '@/stores/card'
import { useCoupons } from '@/stores/coupons'
import { useInbox } from '@/stores/inbox'
import { describeError } from '@/stores/errors'
import { useOfficer } from '@/stores/officer'
import { useSession } from '@/stores/session'
import { ROUTES } from '@/pages/routes'
import { BRAND_COLOR } from '@/styles/colors'
import { withTabBar } from '@/pages/tab-bar'
import './index.scss'

// The demo kit and the staff entry are required only when the build has them. The tests are written
// out (not DEMO/STAFF from src/build-flags.ts) because webpack drops a require behind a literal
// condition, and with it the module, from a brand build; behind an imported constant it would not.
const DemoPanel: typeof import('./demo-panel').DemoPanel | null =
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a require behind the literal condition is what lets webpack drop the panel
  process.env.TARO_APP_DEMO !== '0' ? (require('./demo-panel') as typeof import('./demo-panel')).DemoPanel : null
const StaffEntry: typeof import('./staff-entry').StaffEntry | null =
  process.env.TARO_APP_STAFF === '1' || process.env.TARO_APP_DEMO !== '0'
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above: a brand's member build has no staff tools
      (require('./staff-entry') as typeof import('./staff-entry')).StaffEntry
    : null

/** Digits only, as makePhoneCall takes them. */
const dialable = (phone: string) => phone.replace(/[^\d+]/g, '')

/** The rows of 我的 that open another page. */
function Row({ title, note, onClick }: { title: string; note?: string; onClick: () => void }) {
  return (
    <View className='me-page__row' onClick={onClick}>
      <Text className='me-page__row-title'>{title}</Text>
      {note ? <Text className='me-page__row-note'>{note}</Text> : null}
      <Text className='me-page__row-arrow'>›</Text>
    </View>
  )
}

interface Draft {
  nickname: string
  birthday: string
  city: string
}

function MePage() {
  const card = useOwnCard()
  const programme = useCard((s) => s.programme)
  const brand = programme?.brand ?? ''
  const coupons = useCoupons((s) => (s.answered ? s.coupons.filter((c) => c.status === 'available').length : null))
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const officer = useOfficer((s) => s.officer)
  const unread = useInbox((s) => s.unread)

  useDidShow(() => {
    void useCard
      .getState()
      .refresh()
      .then((r) => (r === 'ok' ? Promise.all([useCoupons.getState().load(), useInbox.getState().load()]) : undefined))
    // Visitors see the service line and the legal pages too.
    useCard
      .getState()
      .ensureProgramme()
      .catch(() => undefined) // offline: the rows wait for the next show
    void useOfficer.getState().load()
  })

  const copyInvite = () => {
    if (card) void copyText(card.inviteCode, '已复制')
  }

  const service = programme?.service
  // The tier that promises 专属客服 gets its own line.
  const dedicated =
    service?.dedicated && card && service.dedicated.tierIds.includes(card.tierId) ? service.dedicated : null
  const line = dedicated ?? service
  const callService = () => {
    if (line) void Taro.makePhoneCall({ phoneNumber: dialable(line.phone) }).catch(() => undefined)
  }

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
      confirmColor: BRAND_COLOR,
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
        <View className='section me-page__essentials'>
          <View className='me-page__essential' onClick={() => void Taro.navigateTo({ url: ROUTES.points })}>
            <Text className='me-page__essential-value'>{formatPoints(card.points)}</Text>
            <Text className='muted'>积分</Text>
          </View>
          <View className='me-page__essential' onClick={() => void Taro.navigateTo({ url: ROUTES.tier })}>
            <Text className='me-page__essential-value'>{card.tierName}</Text>
            <Text className='muted'>会员等级</Text>
          </View>
          <View className='me-page__essential' onClick={() => void Taro.switchTab({ url: ROUTES.coupons })}>
            <Text className='me-page__essential-value'>{coupons ?? '–'}</Text>
            <Text className='muted'>优惠券</Text>
          </View>
        </View>
      ) : (
        <View className='section me-page__visitor'>
          <Text className='section__title'>还不是会员</Text>
          <Text className='muted'>入会即享积分、等级礼遇与会员日福利</Text>
          <Button className='btn-primary me-page__join' onClick={() => void Taro.navigateTo({ url: ROUTES.join })}>
            立即入会
          </Button>
        </View>
      )}

      {card ? (
        <View className='section'>
          <Text className='section__title'>我的邀请码</Text>
          <View className='me-page__invite-row'>
            <Text className='me-page__invite'>{card.inviteCode}</Text>
            <Button className='btn-plain me-page__copy' onClick={copyInvite}>
              复制
            </Button>
          </View>
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
          <View className='me-page__persona' onClick={() => void Taro.navigateTo({ url: ROUTES.invite })}>
            <View className='me-page__persona-text'>
              <Text className='me-page__persona-title'>邀请有礼</Text>
              <Text className='muted'>我的邀请码、邀请记录与海报</Text>
            </View>
            <Text className='me-page__persona-state'>查看</Text>
          </View>
        </View>
      ) : null}

      <View className='section me-page__rows'>
        {card ? (
          <Row
            title='消息'
            note={unread > 0 ? `${unread} 条未读` : '提醒与通知'}
            onClick={() => void Taro.navigateTo({ url: ROUTES.messages })}
          />
        ) : null}
        {card ? (
          <Row title='补录积分' note='凭小票领取积分' onClick={() => void Taro.navigateTo({ url: ROUTES.claim })} />
        ) : null}
        {card ? (
          <Row title='我的标签' note='品牌怎样认识你' onClick={() => void Taro.navigateTo({ url: ROUTES.tags })} />
        ) : null}
        {line ? (
          <View className='me-page__service'>
            {process.env.TARO_ENV === 'weapp' ? (
              // WeChat's own customer-service chat; the tier's line tells the service desk who is asking.
              <Button
                className='me-page__row me-page__contact'
                openType='contact'
                sessionFrom={dedicated ? 'dedicated' : 'member'}
              >
                <Text className='me-page__row-title'>{dedicated ? dedicated.title : '联系客服'}</Text>
                <Text className='me-page__row-note'>在线咨询</Text>
                <Text className='me-page__row-arrow'>›</Text>
              </Button>
            ) : null}
            <Row
              title={process.env.TARO_ENV === 'weapp' ? '客服电话' : dedicated ? dedicated.title : '联系客服'}
              note={line.phone}
              onClick={callService}
            />
            <Text className='me-page__service-hours'>
              {dedicated ? `${card?.tierName ?? ''}会员专线 · ` : ''}
              {line.hours}
            </Text>
          </View>
        ) : null}
        <Row title='隐私政策' onClick={() => void Taro.navigateTo({ url: ROUTES.privacy })} />
        <Row title='用户协议' onClick={() => void Taro.navigateTo({ url: ROUTES.terms })} />
        {card ? <Row title='注销账号' onClick={() => void Taro.navigateTo({ url: ROUTES.erase })} /> : null}
      </View>

      <View className='section'>
        <Text className='section__title'>关于</Text>
        <Text className='muted'>{brand || '会员'} 会员中心 · 版本 0.1.0</Text>
      </View>

      <Button className='me-page__signout' onClick={() => void signOut()}>
        退出登录
      </Button>

      {StaffEntry ? <StaffEntry>{DemoPanel ? <DemoPanel onError={setError} /> : null}</StaffEntry> : null}
    </View>
  )
}

export default withTabBar(MePage, ROUTES.me)
