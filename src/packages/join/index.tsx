import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { Ceremony } from '@/components/ceremony'
import { checkBirthday, checkCity, checkNickname, checkPhone } from '@/domain/member'
import { formatDate } from '@/domain/time'
import { serverNow } from '@/stores/api'
import { useCard } from '@/stores/card'
import { describeError, HttpError } from '@/stores/errors'
import { useSession } from '@/stores/session'
import { ROUTES } from '@/pages/routes'
import { JoinGives } from './join-gives'
import { MomentsGuide, inviteFromQuery, openedFromMoments } from './moments'
import { PrivacyNote } from './privacy-note'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

interface Form {
  phone: string
  nickname: string
  birthday: string
  city: string
  inviteCode: string
}

type FieldErrors = Partial<Record<keyof Form | 'consent', string>>

const empty: Form = { phone: '', nickname: '', birthday: '', city: '', inviteCode: '' }

/** A link inside the consent line opens the document; it does not tick the box. */
function openLegal(e: { stopPropagation: () => void }, url: string): void {
  e.stopPropagation()
  void Taro.navigateTo({ url })
}

export default function JoinPage() {
  // A shared link or the invite's code carries the inviter's code: filled in, and its gift shown.
  const params = useRouter().params
  const invited = useMemo(() => inviteFromQuery(params), [params])
  const moments = useMemo(openedFromMoments, [])
  return moments ? <MomentsJoin code={invited} /> : <JoinForm invited={invited} />
}

/** The Moments preview cannot sign in or join: what the friend gets, and the way into the mini-program. */
function MomentsJoin({ code }: { code: string }) {
  return (
    <View className='page join-page'>
      <View className='join-page__hero'>
        <Text className='join-page__title'>加入栖木会员</Text>
      </View>
      <MomentsGuide code={code} />
    </View>
  )
}

function JoinForm({ invited }: { invited: string }) {
  const [form, setForm] = useState<Form>({ ...empty, inviteCode: invited })
  const [phoneCode, setPhoneCode] = useState<string | null>(null)
  const [consent, setConsent] = useState(false)
  const [showPrivacy, setShowPrivacy] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [welcome, setWelcome] = useState<{ brand: string; color: string; tierName: string } | null>(null)
  const [alreadyMember, setAlreadyMember] = useState(false)
  const signedOut = useSession((s) => s.signedOut)
  const closed = useSession((s) => s.closed)
  const [signingIn, setSigningIn] = useState(false)
  const inFlight = useRef(false)
  const programme = useCard((s) => s.programme)

  useEffect(() => {
    // What joining gives is served with the rules: a visitor's first launch has none yet.
    void useCard
      .getState()
      .ensureProgramme()
      .catch(() => undefined)
  }, [])

  useEffect(() => {
    useSession
      .getState()
      .ready()
      .then(() => setAlreadyMember(useSession.getState().memberId !== null))
      .catch((e: unknown) => setFormError(describeError(e)))
  }, [])

  const signIn = useCallback(async () => {
    setSigningIn(true)
    setFormError(null)
    try {
      await useSession.getState().signIn()
      if (useSession.getState().memberId) void Taro.switchTab({ url: ROUTES.card })
      else setFormError('这台设备还没有会员卡，填写下方信息即可开卡')
    } catch (e) {
      setFormError(describeError(e))
    } finally {
      setSigningIn(false)
    }
  }, [])

  const set = (field: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setErrors((e) => ({ ...e, [field]: undefined }))
  }

  const submit = useCallback(async () => {
    if (inFlight.current) return
    const now = Date.now()
    const next: FieldErrors = {}
    if (!consent) next.consent = '请先阅读并同意用户协议和隐私政策'
    const phone = phoneCode ? null : checkPhone(form.phone)
    if (phone && !phone.ok) next.phone = phone.message
    const nickname = checkNickname(form.nickname)
    if (!nickname.ok) next.nickname = nickname.message
    if (form.birthday) {
      const b = checkBirthday(form.birthday, now)
      if (!b.ok) next.birthday = b.message
    }
    const city = checkCity(form.city)
    if (!city.ok) next.city = city.message
    setErrors(next)
    if (Object.keys(next).length > 0) return

    const body = {
      ...(phone?.ok ? { phone: phone.value } : {}),
      ...(phoneCode ? { phoneCode } : {}),
      nickname: nickname.ok ? nickname.value : '',
      ...(form.birthday ? { birthday: form.birthday } : {}),
      ...(form.city.trim() ? { city: form.city.trim() } : {}),
      ...(form.inviteCode.trim() ? { inviteCode: form.inviteCode.trim() } : {}),
    }
    inFlight.current = true
    setSubmitting(true)
    setFormError(null)
    try {
      const card = await useCard.getState().join(body)
      setWelcome({ brand: useCard.getState().programme?.brand ?? '', color: card.tierColor, tierName: card.tierName })
    } catch (error) {
      if (error instanceof HttpError && error.code === 'already_member') {
        // This device joined already (an answer lost on the way, another tab): pick the membership up.
        await useSession
          .getState()
          .login()
          .catch(() => undefined)
        setAlreadyMember(true)
      } else if (error instanceof HttpError && error.code === 'invalid_invite') {
        setErrors((e) => ({ ...e, inviteCode: error.userMessage }))
      } else if (error instanceof HttpError && error.code === 'invalid_phone') {
        setErrors((e) => ({ ...e, phone: error.userMessage }))
      } else {
        setFormError(describeError(error))
      }
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }, [consent, form, phoneCode])

  const toCard = useCallback(() => {
    void Taro.switchTab({ url: ROUTES.card })
  }, [])

  if (alreadyMember) {
    return (
      <View className='page join-page'>
        <View className='join-page__hero'>
          <Text className='join-page__title'>你已经是会员了</Text>
          <Text className='join-page__lead'>会员卡已就绪，直接查看即可</Text>
        </View>
        <Button className='btn-primary' onClick={toCard}>
          查看我的会员卡
        </Button>
      </View>
    )
  }

  return (
    <View className='page join-page'>
      <View className='join-page__hero'>
        <Text className='join-page__title'>加入栖木会员</Text>
        {invited && programme?.invitations ? (
          <Text className='join-page__invited'>{programme.invitations.inviteeLine}</Text>
        ) : null}
        <JoinGives programme={programme} now={serverNow()} invited={invited !== '' && form.inviteCode === invited} />
        <Text className='join-page__lead'>消费积分抵现 · 生日礼遇 · 每月会员日</Text>
      </View>
      {closed ? <Text className='join-page__closed'>你的账号已注销。可以重新入会，积分和优惠券不会恢复。</Text> : null}
      {signedOut ? (
        <View className='section join-page__signin'>
          <Text className='join-page__signin-text'>已经是会员？登录后即可找回会员卡</Text>
          <Button className='btn-plain join-page__signin-btn' disabled={signingIn} onClick={() => void signIn()}>
            {signingIn ? '登录中…' : '登录'}
          </Button>
        </View>
      ) : null}

      <View className='section join-page__form'>
        <View className='join-page__field'>
          <Text className='join-page__label'>手机号</Text>
          {phoneCode ? (
            <Text className='join-page__value'>已授权微信手机号</Text>
          ) : (
            <Input
              className='join-page__input'
              type='number'
              maxlength={13}
              placeholder='请输入 11 位手机号'
              value={form.phone}
              onInput={(e) => set('phone')(e.detail.value)}
            />
          )}
        </View>
        {isWeapp && !phoneCode ? (
          <Button
            className='btn-plain join-page__wx-phone'
            openType='getPhoneNumber|agreePrivacyAuthorization'
            disabled={!consent}
            onGetPhoneNumber={(e) => {
              const code = (e.detail as { code?: string }).code
              if (code) {
                setPhoneCode(code)
                // A refusal a moment ago no longer applies.
                setErrors((x) => ({ ...x, phone: undefined }))
              } else setErrors((x) => ({ ...x, phone: '未获取到微信手机号，请手动输入' }))
            }}
          >
            使用微信手机号
          </Button>
        ) : null}
        {errors.phone ? <Text className='join-page__error'>{errors.phone}</Text> : null}

        <View className='join-page__field'>
          <Text className='join-page__label'>昵称</Text>
          <Input
            className='join-page__input'
            type={isWeapp ? 'nickname' : 'text'}
            maxlength={32}
            placeholder='怎么称呼你'
            value={form.nickname}
            onInput={(e) => set('nickname')(e.detail.value)}
            onBlur={(e) => set('nickname')(e.detail.value)}
          />
        </View>
        {errors.nickname ? <Text className='join-page__error'>{errors.nickname}</Text> : null}

        <Picker
          mode='date'
          value={form.birthday || '1995-01-01'}
          start='1920-01-01'
          end={formatDate(Date.now())}
          onChange={(e) => set('birthday')(String(e.detail.value))}
        >
          <View className='join-page__field'>
            <Text className='join-page__label'>生日</Text>
            <Text className={form.birthday ? 'join-page__value' : 'join-page__placeholder'}>
              {form.birthday || '选填，生日当月有礼'}
            </Text>
          </View>
        </Picker>
        {errors.birthday ? <Text className='join-page__error'>{errors.birthday}</Text> : null}

        <View className='join-page__field'>
          <Text className='join-page__label'>城市</Text>
          <Input
            className='join-page__input'
            maxlength={20}
            placeholder='选填，如 上海'
            value={form.city}
            onInput={(e) => set('city')(e.detail.value)}
          />
        </View>
        {errors.city ? <Text className='join-page__error'>{errors.city}</Text> : null}

        <View className='join-page__field'>
          <Text className='join-page__label'>邀请码</Text>
          <Input
            className='join-page__input'
            maxlength={20}
            placeholder='选填'
            value={form.inviteCode}
            onInput={(e) => set('inviteCode')(e.detail.value)}
          />
        </View>
        {errors.inviteCode ? <Text className='join-page__error'>{errors.inviteCode}</Text> : null}
      </View>

      <View
        className='join-page__consent'
        onClick={() => {
          setConsent((c) => !c)
          setErrors((e) => ({ ...e, consent: undefined }))
        }}
      >
        <View
          className={`join-page__check${consent ? ' join-page__check--on' : ''}`}
          role='checkbox'
          aria-checked={consent}
        >
          {consent ? '✓' : ''}
        </View>
        <Text>
          我已阅读并同意
          <Text className='join-page__link' onClick={(e) => openLegal(e, ROUTES.terms)}>
            《用户协议》
          </Text>
          <Text className='join-page__link' onClick={(e) => openLegal(e, ROUTES.privacy)}>
            《隐私政策》
          </Text>
        </Text>
      </View>
      <Text className='join-page__link join-page__note-link' onClick={() => setShowPrivacy(true)}>
        会员服务与隐私说明：收集哪些信息、用在哪里 ›
      </Text>
      {errors.consent ? <Text className='join-page__error'>{errors.consent}</Text> : null}
      {formError ? <Text className='join-page__error join-page__form-error'>{formError}</Text> : null}

      <Button
        className='btn-primary join-page__submit'
        disabled={submitting}
        loading={submitting}
        onClick={() => void submit()}
      >
        {submitting ? '正在开卡…' : '立即开卡'}
      </Button>
      <Text className='join-page__browse' onClick={() => void Taro.switchTab({ url: ROUTES.memberDay })}>
        先看看会员日福利 ›
      </Text>

      {showPrivacy ? <PrivacyNote onClose={() => setShowPrivacy(false)} /> : null}
      {welcome ? (
        <Ceremony
          title={`欢迎加入${welcome.brand}`}
          subtitle='会员卡已开通，消费即可累积积分'
          color={welcome.color}
          onDone={toCard}
        />
      ) : null}
    </View>
  )
}
