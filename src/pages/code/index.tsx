import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { afterPaint } from '@/adapters/frame'
import { CodeCanvas } from '@/components/code-canvas'
import { formatYuan, formatPoints } from '@/domain/money'
import { groupCode, maskCode, msToNextStep, CODE_STEP_SECONDS } from '@/domain/member-code'
import { memberDayPerkText } from '@/domain/member-day'
import { useAnimatedNumber } from '@/components/member-card/use-animated-number'
import { lastSyncText } from '@/components/offline-banner'
import { serverNow } from '@/stores/api'
import { useCard, useOwnCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { useCoupons } from '@/stores/coupons'
import { enterCodeMode, leaveCodeMode } from './device'
import { codeLayout } from './layout'
import { benchMark } from '@/pages/bench-mark'
import { BRAND_COLOR } from '@/styles/colors'
import './index.scss'

const POLL_MS = 1500
const REVEAL_MS = 15_000

/**
 * The screen in CSS px and its pixel ratio (H5: the browser's own figures, off Taro's window-info
 * shim). An if/else webpack folds, so the H5 build carries no window-info or system-info code.
 */
function screenMetrics(): { width: number; height: number; ratio: number } {
  if (process.env.TARO_ENV === 'h5') {
    return { width: window.innerWidth || 375, height: window.innerHeight || 667, ratio: window.devicePixelRatio || 2 }
  } else {
    try {
      const info = Taro.getWindowInfo()
      return { width: info.windowWidth, height: info.windowHeight, ratio: info.pixelRatio || 2 }
    } catch {
      return { width: 375, height: 667, ratio: 2 }
    }
  }
}

/** Longest wait for the first draw before the network work starts anyway (a canvas that never answers). */
const FIRST_DRAW_WAIT_MS = 1000
/** The barcode and the QR: both report (drawn or not) before the first draw counts as done. */
const CANVASES = 2

/** WeChat only (H5 has no screenshot event): referenced from a folded branch, so H5 carries no modal code. */
function warnScreenshot() {
  void Taro.showModal({
    title: '请勿截图分享',
    content: '会员码相当于你的会员卡，截图可能被他人冒用。收银员扫码即可，无需截图。',
    showCancel: false,
    confirmText: '知道了',
    confirmColor: BRAND_COLOR,
  })
}

export default function CodePage() {
  const card = useOwnCard()
  const lastSyncAt = useCard((s) => s.lastSyncAt)
  const error = useCode((s) => s.error)
  const hasSecret = useCode((s) => s.secret !== null)
  const results = useCode((s) => s.results)
  const chosenCoupon = useCoupons((s) => (s.selectedId ? (s.coupons.find((c) => c.id === s.selectedId) ?? null) : null))
  const [code, setCode] = useState<string | null>(() => useCode.getState().codeNow())
  const [secondsLeft, setSecondsLeft] = useState(() => Math.ceil(msToNextStep(serverNow()) / 1000))
  const [revealed, setRevealed] = useState(false)
  const [enlarged, setEnlarged] = useState(false)
  // Covered while the app is in the background, so the app switcher's snapshot shows no code.
  const [masked, setMasked] = useState(false)
  // The first draw is done (or there is nothing to draw): the footer and the network work follow it.
  const [settled, setSettled] = useState(() => code === null)
  const timers = useRef<ReturnType<typeof setInterval>[]>([])
  const reports = useRef(0)
  const firstDrawn = useRef(false)
  const firstDrawWait = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const afterFirstDraw = useRef<(() => void) | null>(null)

  const tick = useCallback(() => {
    const next = useCode.getState().codeNow()
    setCode((c) => (c === next ? c : next))
    setSecondsLeft(Math.ceil(msToNextStep(serverNow()) / 1000))
  }, [])

  const stop = useCallback(() => {
    timers.current.forEach(clearInterval)
    timers.current = []
    clearTimeout(firstDrawWait.current)
    void leaveCodeMode()
  }, [])

  const firstDrawDone = useCallback(() => {
    clearTimeout(firstDrawWait.current)
    if (firstDrawn.current) return
    firstDrawn.current = true
    // The drawn code is painted first: the footer and the network work wait for that frame.
    afterPaint(() => {
      setSettled(true)
      const next = afterFirstDraw.current
      afterFirstDraw.current = null
      next?.()
    })
  }, [])

  const canvasReported = useCallback(() => {
    if (++reports.current >= CANVASES) firstDrawDone()
  }, [firstDrawDone])

  const start = useCallback(() => {
    stop()
    // The current step first, uncovered, before anything is awaited: the code shows at once on show.
    setMasked(false)
    tick()
    timers.current.push(setInterval(tick, 1000))
    useCode.getState().watchFromNow()
    if (process.env.TARO_ENV === 'weapp') void enterCodeMode(warnScreenshot)
    // Then the network: a new secret (after a sign-in), the card, till results. On a cold start
    // they wait for the first draw, so nothing they do delays or blanks the code.
    const network = () => {
      void useCode.getState().ensureSecret().then(tick)
      if (!useCard.getState().card) void useCard.getState().refresh()
      timers.current.push(setInterval(() => void useCode.getState().poll(), POLL_MS))
    }
    if (firstDrawn.current || useCode.getState().codeNow() === null) {
      firstDrawDone()
      network()
    } else {
      afterFirstDraw.current = network
      firstDrawWait.current = setTimeout(firstDrawDone, FIRST_DRAW_WAIT_MS)
    }
  }, [stop, tick, firstDrawDone])

  const hide = useCallback(() => {
    setMasked(true)
    // The enlarged view covers the whole screen: closed, so the snapshot shows the mask instead.
    setEnlarged(false)
    afterFirstDraw.current = null
    stop()
  }, [stop])

  useDidShow(start)
  useDidHide(hide)
  // Leaving before the first frame is painted: the network work waiting for it is not started.
  const leave = useCallback(() => {
    afterFirstDraw.current = null
    stop()
  }, [stop])
  useUnload(leave)
  useEffect(() => leave, [leave])
  // The app going to the background (not every platform hides the page for it).
  useEffect(() => {
    const onAppHide = () => {
      setMasked(true)
      setEnlarged(false)
    }
    try {
      Taro.onAppHide(onAppHide)
    } catch {
      return undefined
    }
    return () => Taro.offAppHide(onAppHide)
  }, [])

  // The secret arriving (first use, or rotated after a sign-in) means a new code now.
  useEffect(() => tick(), [hasSecret, tick])

  useEffect(() => {
    if (!revealed) return
    const t = setTimeout(() => setRevealed(false), REVEAL_MS)
    return () => clearTimeout(t)
  }, [revealed])

  const screen = screenMetrics()
  const { barWidth, barHeight, qrSize, zoomBarHeight, zoomQr } = codeLayout(screen.width, screen.height, screen.ratio)
  const progress = secondsLeft / CODE_STEP_SECONDS
  const result = results[0]

  return (
    <View className='code-page'>
      <View className='code-page__panel'>
        <View className='code-page__head'>
          <Text className='code-page__name'>{card?.nickname ?? ''}</Text>
          {card ? (
            <Text className='code-page__tier' style={{ backgroundColor: card.tierColor }}>
              {card.tierName}
            </Text>
          ) : null}
        </View>
        {masked ? (
          <View className='code-page__mask'>
            <Text>会员码已隐藏，回到本页即显示</Text>
          </View>
        ) : null}
        {code ? (
          <>
            <View className='code-page__barcode' onClick={() => setEnlarged(true)}>
              <CodeCanvas
                kind='barcode'
                value={code}
                canvasId='member-barcode'
                width={barWidth}
                height={barHeight}
                onDrawn={() => {
                  benchMark('barcode-drawn')
                  canvasReported()
                }}
                onError={canvasReported}
              />
            </View>
            <Text className='code-page__digits' onClick={() => setRevealed((r) => !r)}>
              {revealed ? groupCode(code) : maskCode(code)}
            </Text>
            <Text className='code-page__hint'>{revealed ? '点击隐藏数字' : '点击查看数字（收银员可手动输入）'}</Text>
            <View className='code-page__qr' onClick={() => setEnlarged(true)}>
              <CodeCanvas
                kind='qr'
                value={code}
                canvasId='member-qr'
                width={qrSize}
                height={qrSize}
                onDrawn={() => {
                  benchMark('qr-drawn')
                  canvasReported()
                }}
                onError={canvasReported}
              />
            </View>
            <View className='code-page__timer'>
              <View className='code-page__timer-bar'>
                <View className='code-page__timer-fill' style={{ width: `${Math.round(progress * 100)}%` }} />
              </View>
              <Text className='code-page__timer-text'>{secondsLeft} 秒后自动刷新 · 无网络也可使用</Text>
            </View>
          </>
        ) : (
          <View className='code-page__empty'>
            <Text>{error ?? '正在准备会员码…'}</Text>
            {error ? (
              <Text className='code-page__retry' onClick={() => void useCode.getState().ensureSecret().then(tick)}>
                重试
              </Text>
            ) : null}
          </View>
        )}
      </View>
      {chosenCoupon ? (
        <View className='code-page__coupon'>
          <Text>已选 {chosenCoupon.title} · 收银员扫码后直接使用</Text>
          <Text
            className='code-page__coupon-clear'
            onClick={() =>
              void useCoupons
                .getState()
                .select(null)
                .catch(() => undefined)
            }
          >
            不用了
          </Text>
        </View>
      ) : null}
      {/* After the code: its date formatting is not on the first draw's path. */}
      <Text className='code-page__sync'>
        {settled ? `会员信息 ${lastSyncText(lastSyncAt, serverNow())} · 请勿截图或转发会员码` : ''}
      </Text>

      {enlarged && code ? (
        <View className='code-page__zoom' onClick={() => setEnlarged(false)}>
          <CodeCanvas
            kind='barcode'
            value={code}
            canvasId='member-barcode-big'
            width={barWidth}
            height={zoomBarHeight}
          />
          <Text className='code-page__zoom-digits'>{revealed ? groupCode(code) : maskCode(code)}</Text>
          <CodeCanvas kind='qr' value={code} canvasId='member-qr-big' width={zoomQr} height={zoomQr} />
          <Text className='code-page__zoom-hint'>点击任意处返回</Text>
        </View>
      ) : null}

      {result ? <TillResult key={result.id} event={result} onDone={() => useCode.getState().dismissResult()} /> : null}
    </View>
  )
}

interface TillResultProps {
  event: ReturnType<typeof useCode.getState>['results'][number]
  onDone: () => void
}

/** What the till just did, told with a little ceremony: points counting up, an upgrade celebrated. */
function TillResult({ event, onDone }: TillResultProps) {
  // Count up from zero once the sheet is up.
  const [target, setTarget] = useState(0)
  useEffect(() => setTarget(event.pointsDelta), [event.pointsDelta])
  const shown = useAnimatedNumber(target)
  const upgraded = event.tierAfter.id !== event.tierBefore.id
  const refund = event.kind === 'refund'
  return (
    <View className={`till-result${upgraded ? ' till-result--upgrade' : ''}`} onClick={onDone}>
      <View className='till-result__sheet'>
        {upgraded ? <Text className='till-result__upgrade'>恭喜升级{event.tierAfter.name}！</Text> : null}
        <Text className='till-result__title'>
          {refund ? '退款已完成' : event.kind === 'claim' ? '小票积分已到账' : '结账完成'}
        </Text>
        <Text className='till-result__points'>
          {shown > 0 ? '+' : ''}
          {formatPoints(shown)} 积分
        </Text>
        <Text className='till-result__line'>
          {event.storeName} · {refund ? '退款' : '消费'} {formatYuan(Math.abs(event.amountFen))}
        </Text>
        {event.memberDay ? (
          <Text className='till-result__line till-result__member-day'>{memberDayPerkText(event.memberDay)}</Text>
        ) : null}
        {event.couponsUsed.length ? (
          <Text className='till-result__line'>已使用 {event.couponsUsed.join('、')}</Text>
        ) : null}
        <Text className='till-result__line'>当前积分 {formatPoints(event.pointsBalance)}</Text>
        <Text className='till-result__ok'>好的</Text>
      </View>
    </View>
  )
}
