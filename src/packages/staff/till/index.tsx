import { useEffect, useMemo, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@/components/button'
import type { Receipt, TillCoupon, TillMember } from '@/api/contract'
import { CodeCanvas } from '@/components/code-canvas'
import { textQr } from '@/components/code-canvas/text-qr'
import { parseYuan } from '@/domain/amount'
import { formatPoints, formatYuan } from '@/domain/money'
import { formatTimes, memberDayPerkText } from '@/domain/member-day'
import { formatClock } from '@/domain/time'
import { apiMode } from '@/stores/api'
import { describeError } from '@/stores/errors'
import { useTill } from '@/stores/till'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

export default function TillPage() {
  const tillKey = useTill((s) => s.key)
  const storeName = useTill((s) => s.storeName)
  const tillName = useTill((s) => s.tillName)
  const [keyDraft, setKeyDraft] = useState('')
  const [code, setCode] = useState('')
  const [amount, setAmount] = useState('')
  const [member, setMember] = useState<TillMember | null>(null)
  const [coupons, setCoupons] = useState<TillCoupon[]>([])
  const [chosen, setChosen] = useState<string | null>(null)
  const [receipt, setReceipt] = useState<Receipt | null>(null)
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  // One key per sale: tapping 结账 again for the same code and amount repeats the same sale.

  useDidShow(() => {
    useTill
      .getState()
      .loadTill()
      .catch((e: unknown) => setMessage({ text: describeError(e), bad: true }))
  })

  useEffect(() => {
    setMember(null)
    setCoupons([])
    setChosen(null)
  }, [code])

  const cleanCode = useMemo(() => code.replace(/[\s-]/g, ''), [code])

  const inFlight = useRef(false)

  async function run<T>(fn: () => Promise<T>, onOk: (value: T) => void) {
    // A ref, not state: a double tap lands before the re-render that would disable the button.
    if (inFlight.current) return
    inFlight.current = true
    setBusy(true)
    setMessage(null)
    try {
      onOk(await fn())
    } catch (e) {
      setMessage({ text: describeError(e), bad: true })
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['barCode', 'qrCode'] })
      setCode(res.result)
    } catch {
      setMessage({ text: '未能识别，请对准会员码重新扫描或手动输入', bad: true })
    }
  }

  const verify = () =>
    run(
      () => useTill.getState().verify(cleanCode, parseYuan(amount) ?? 0),
      (r) => {
        setMember(r.member)
        setCoupons(r.coupons)
        // The coupon the shopper picked on the phone is applied if it can be.
        setChosen(r.coupons.find((c) => c.selected && c.usable)?.id ?? null)
      },
    )

  const checkout = () => {
    const fen = parseYuan(amount)
    if (fen === null) {
      setMessage({ text: '请输入正确的金额，如 128 或 128.50', bad: true })
      return
    }
    void run(
      () =>
        useTill.getState().checkout({
          ...(cleanCode ? { code: cleanCode } : {}),
          amountFen: fen,
          ...(chosen ? { couponIds: [chosen] } : {}),
        }),
      (r) => {
        setReceipt(r)
        setCode('')
        setAmount('')
        setCoupons([])
        setChosen(null)
        setMessage({
          text: r.member
            ? `已为 ${r.member.nickname} 积 ${r.pointsEarned} 分${r.memberDay ? `（${memberDayPerkText(r.memberDay)}）` : ''}${r.couponsUsed.length ? `，已用券 ${r.couponsUsed.map((c) => c.title).join('、')}，实收 ${formatYuan(r.payableFen)}` : ''}`
            : '已结账（未识别会员，顾客可扫小票二维码补录积分）',
          bad: false,
        })
      },
    )
  }

  const refund = () => {
    if (!receipt) return
    void run(
      () => useTill.getState().refund(receipt.receiptId),
      (r) => {
        setReceipt({ ...receipt, refundedAt: r.refundedAt })
        setMessage({
          text:
            r.deductFen > 0
              ? `已退款，扣回 ${r.pointsReversed} 积分；其中 ${r.pointsShortfall} 积分已被使用，退款时请少退 ${formatYuan(r.deductFen)}`
              : `已退款，扣回 ${r.pointsReversed} 积分`,
          bad: false,
        })
      },
    )
  }

  if (!tillKey) {
    return (
      <View className='page till-page'>
        <View className='section'>
          <Text className='section__title'>登录收银台</Text>
          <Text className='muted'>请输入门店管理员提供的收银台密钥</Text>
          <Input
            className='till-page__input'
            placeholder='收银台密钥'
            value={keyDraft}
            onInput={(e) => setKeyDraft(e.detail.value)}
          />
          {apiMode === 'local' ? (
            <Text className='muted'>
              演示环境密钥：DEMO-TILL-1（徐汇滨江店）、DEMO-TILL-2（静安寺店）…，每把密钥只用于一家门店
            </Text>
          ) : null}
          {message ? <Text className='till-page__message till-page__message--bad'>{message.text}</Text> : null}
          <Button
            className='till-page__button'
            disabled={!keyDraft.trim() || busy}
            onClick={() =>
              void run(
                () => useTill.getState().signIn(keyDraft),
                () => setKeyDraft(''),
              )
            }
          >
            进入收银台
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page till-page'>
      <View className='section'>
        <View className='till-page__row'>
          <Text className='till-page__label'>门店</Text>
          {/* A till key serves one store: the store is the key's, not a choice. */}
          <Text className='till-page__value till-page__store'>
            {storeName ?? '加载中…'}
            {tillName ? ` · ${tillName}` : ''}
          </Text>
        </View>
        <View className='till-page__row'>
          <Text className='till-page__label'>会员码</Text>
          <Input
            className='till-page__field'
            type='number'
            maxlength={24}
            placeholder='扫描或输入 18 位会员码'
            value={code}
            onInput={(e) => setCode(e.detail.value)}
          />
          {isWeapp ? (
            <Text className='till-page__scan' onClick={() => void scan()}>
              扫码
            </Text>
          ) : null}
        </View>
        <View className='till-page__row'>
          <Text className='till-page__label'>金额 ¥</Text>
          <Input
            className='till-page__field'
            type='digit'
            placeholder='如 128.50'
            value={amount}
            onInput={(e) => setAmount(e.detail.value)}
          />
        </View>
        <View className='till-page__buttons'>
          <Button
            variant='outlined'
            className='till-page__half'
            disabled={busy || !cleanCode}
            onClick={() => void verify()}
          >
            查询会员
          </Button>
          <Button className='till-page__half' disabled={busy} onClick={checkout}>
            结账
          </Button>
        </View>
        {member ? (
          <View className='till-page__member'>
            <Text>
              {member.nickname} · {member.tierName} · 卡号 {member.cardIdMasked}
            </Text>
            <Text className='muted'>现有积分 {formatPoints(member.points)}</Text>
            {coupons.length === 0 ? <Text className='muted'>没有可用的优惠券</Text> : null}
            {coupons.map((c) => (
              <View
                key={c.id}
                className={`till-page__coupon${c.usable ? '' : ' till-page__coupon--off'}${chosen === c.id ? ' till-page__coupon--on' : ''}`}
                onClick={() => c.usable && setChosen((x) => (x === c.id ? null : c.id))}
              >
                <Text className='till-page__coupon-title'>
                  {chosen === c.id ? '✓ ' : ''}
                  {c.title}
                  {c.selected ? '（顾客已选）' : ''}
                </Text>
                <Text className='till-page__coupon-note'>
                  {c.usable ? `本单可减 ${formatYuan(c.discountFen)}` : c.reason}
                </Text>
              </View>
            ))}
          </View>
        ) : null}
        {message ? (
          <Text className={`till-page__message${message.bad ? ' till-page__message--bad' : ''}`}>{message.text}</Text>
        ) : null}
      </View>

      {receipt ? (
        <View className='section till-page__receipt'>
          <Text className='section__title'>小票 {receipt.receiptId}</Text>
          <Text>
            {receipt.storeName} · {formatClock(receipt.at)} · {formatYuan(receipt.amountFen)}
          </Text>
          {receipt.couponsUsed.length ? (
            <Text>
              用券 {receipt.couponsUsed.map((c) => `${c.title}（-${formatYuan(c.discountFen)}）`).join('、')} · 实收{' '}
              {formatYuan(receipt.payableFen)}
            </Text>
          ) : null}
          {receipt.member ? (
            <Text>
              会员 {receipt.member.nickname}（{receipt.tierAfter}）积分 +{receipt.pointsEarned}
              {receipt.tierBefore !== receipt.tierAfter ? ` · 升级：${receipt.tierBefore} → ${receipt.tierAfter}` : ''}
            </Text>
          ) : (
            <Text className='muted'>未使用会员码</Text>
          )}
          {receipt.member && receipt.memberDay ? (
            <Text className='till-page__member-day'>
              {memberDayPerkText(receipt.memberDay)}（合计 {formatTimes(receipt.multiplierPct)}）
            </Text>
          ) : null}
          <View className='till-page__receipt-qr'>
            <CodeCanvas
              kind='qr'
              value={receipt.claimToken}
              qr={textQr}
              canvasId={`receipt-qr-${receipt.receiptId}`}
              width={150}
              height={150}
            />
            <Text className='muted'>{receipt.member ? '积分已计入会员' : '扫码补录积分，7 天内有效'}</Text>
            <Text className='till-page__token' selectable>
              {receipt.claimToken}
            </Text>
          </View>
          {receipt.refundedAt ? (
            <Text className='till-page__message'>已于 {formatClock(receipt.refundedAt)} 退款</Text>
          ) : (
            <Button variant='outlined' className='till-page__button' disabled={busy} onClick={refund}>
              退款
            </Button>
          )}
        </View>
      ) : null}

      <Text className='till-page__logout' onClick={() => useTill.getState().setKey(null)}>
        退出收银台
      </Text>
    </View>
  )
}
