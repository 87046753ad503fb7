import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Ceremony } from '@/components/ceremony'
import { Button } from '@/components/button'
import type { ClaimResult } from '@/api/contract'
import { formatPoints, formatYuan } from '@/domain/money'
import { useCard } from '@/stores/card'
import { describeError } from '@/stores/errors'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** Forgot to show the member code? Scan (or paste) the receipt's QR within 7 days to get the points. */
export default function ClaimPage() {
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ClaimResult | null>(null)
  const [celebrate, setCelebrate] = useState(false)
  const inFlight = useRef(false)

  const claim = async (raw: string) => {
    const value = raw.trim()
    if (!value) {
      setError('请扫描或粘贴小票底部的积分二维码内容')
      return
    }
    if (inFlight.current) return
    inFlight.current = true
    setBusy(true)
    setError(null)
    try {
      const r = await useCard.getState().claimReceipt(value)
      setResult(r)
      setCelebrate(true)
      setToken('')
    } catch (e) {
      setError(describeError(e))
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ scanType: ['qrCode'] })
      setToken(res.result)
      await claim(res.result)
    } catch {
      setError('未能识别二维码，请对准小票底部的积分二维码')
    }
  }

  return (
    <View className='page claim-page'>
      <View className='section'>
        <Text className='section__title'>忘记出示会员码？</Text>
        <Text className='claim-page__lead'>
          消费后 7 天内，扫描小票底部的积分二维码即可补录积分，每张小票只能补录一次。
        </Text>
        {isWeapp ? (
          <Button className='claim-page__scan' disabled={busy} onClick={() => void scan()}>
            扫描小票二维码
          </Button>
        ) : null}
        <Textarea
          className='claim-page__input'
          placeholder='或粘贴小票积分码（MCR. 开头）'
          value={token}
          maxlength={200}
          onInput={(e) => setToken(e.detail.value)}
        />
        <Button variant={isWeapp ? 'outlined' : 'filled'} disabled={busy} onClick={() => void claim(token)}>
          {busy ? '补录中…' : '补录积分'}
        </Button>
        {error ? <Text className='claim-page__error'>{error}</Text> : null}
      </View>
      {result ? (
        <View className='section claim-page__result'>
          <Text className='claim-page__points'>+{formatPoints(result.pointsEarned)} 积分</Text>
          <Text>
            {result.storeName} · 消费 {formatYuan(result.amountFen)}
          </Text>
          <Text className='muted'>当前积分 {formatPoints(result.pointsBalance)}</Text>
        </View>
      ) : null}
      {celebrate && result ? (
        <Ceremony
          title={
            result.tierAfter.id !== result.tierBefore.id
              ? `恭喜升级${result.tierAfter.name}`
              : `+${formatPoints(result.pointsEarned)} 积分已到账`
          }
          subtitle={`${result.storeName} 的消费已计入你的会员卡`}
          color='#3d5a45'
          durationMs={2200}
          onDone={() => setCelebrate(false)}
        />
      ) : null}
    </View>
  )
}
