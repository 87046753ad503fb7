import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { formatPoints } from '@/domain/money'
import { useAccount } from '@/stores/account'
import { describeError } from '@/stores/errors'
import { ROUTES } from '@/pages/routes'
import './index.scss'

/** The brand colour (theme $brand) for WeChat's confirm button, which takes a colour, not a class. */
const BRAND_COLOR = '#3d5a45'

/**
 * 注销账号: first what is lost and what is kept, as the backend counts it now; then a two-step
 * confirmation (tick that it is understood, confirm in a dialog). Closed, the phone holds no card:
 * the app starts again at the join page.
 */
export default function ErasePage() {
  const preview = useAccount((s) => s.preview)
  const [understood, setUnderstood] = useState(false)
  const [erasing, setErasing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [closed, setClosed] = useState(false)

  useDidShow(() => {
    useAccount
      .getState()
      .loadPreview()
      .catch((e: unknown) => setError(describeError(e)))
  })

  const erase = async () => {
    if (!understood || erasing) return
    const { confirm } = await Taro.showModal({
      title: '确认注销账号',
      content: '注销后积分、优惠券和会员等级将被清除且无法恢复，会员码立即失效。',
      confirmText: '确认注销',
      confirmColor: BRAND_COLOR,
      cancelText: '再想想',
    })
    if (!confirm) return
    setErasing(true)
    setError(null)
    try {
      await useAccount.getState().erase()
      setClosed(true)
      await Taro.showModal({
        title: '账号已注销',
        content: '你的个人信息已删除。欢迎随时用手机号重新入会。',
        showCancel: false,
        confirmText: '知道了',
        confirmColor: BRAND_COLOR,
      })
      await Taro.reLaunch({ url: ROUTES.join })
    } catch (e) {
      setError(describeError(e))
      setErasing(false)
    }
  }

  if (closed) {
    return (
      <View className='page erase-page'>
        <View className='section'>
          <Text className='section__title'>账号已注销</Text>
          <Text className='muted'>你的个人信息已删除。</Text>
        </View>
      </View>
    )
  }

  if (!preview) {
    return (
      <View className='page erase-page'>
        <Text className='muted'>{error ?? '正在读取账号信息…'}</Text>
      </View>
    )
  }

  const lost = [
    `${formatPoints(preview.points)} 积分`,
    `${preview.coupons} 张可用优惠券`,
    ...(preview.vouchers > 0 ? [`${preview.vouchers} 个未使用的积分兑换`] : []),
    `${preview.tierName}等级，以及累计的消费金额与到店次数`,
    '会员卡与会员码，注销后立即失效',
  ]

  return (
    <View className='page erase-page'>
      <View className='section'>
        <Text className='section__title'>注销后将失去</Text>
        {lost.map((l) => (
          <Text key={l} className='erase-page__item'>
            · {l}
          </Text>
        ))}
        <Text className='muted'>以上内容清除后无法恢复。</Text>
      </View>
      <View className='section'>
        <Text className='section__title'>注销后保留</Text>
        <Text className='erase-page__item'>· 消费小票与积分流水去除手机号、昵称等个人信息后保留，仅用于财务核算</Text>
        <Text className='erase-page__item'>
          · 手机号的加密摘要与注销日期保留 {preview.rejoinGiftMonths} 个月，无法还原出手机号
        </Text>
      </View>
      <View className='section'>
        <Text className='section__title'>重新入会</Text>
        <Text className='erase-page__item'>
          可以随时用同一手机号重新入会，成为新会员；注销后 {preview.rejoinGiftMonths} 个月内重新入会的，不再发放入会礼。
        </Text>
      </View>

      <View className='erase-page__ack' onClick={() => setUnderstood(!understood)}>
        <View className={`erase-page__box${understood ? ' erase-page__box--on' : ''}`}>{understood ? '✓' : ''}</View>
        <Text className='erase-page__ack-text'>我已了解注销的后果，确认放弃上述积分、优惠券与等级</Text>
      </View>
      {error ? <Text className='erase-page__error'>{error}</Text> : null}
      <Button className='erase-page__submit' disabled={!understood || erasing} onClick={() => void erase()}>
        {erasing ? '注销中…' : '注销账号'}
      </Button>
      <Button className='btn-plain erase-page__keep' onClick={() => void Taro.navigateBack()}>
        暂不注销
      </Button>
    </View>
  )
}
