import { useCallback, useEffect, useLayoutEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
// The ceremony first, as on every page that has one: the shared CSS chunk needs one import order.
import { BadgeCeremony } from '@/components/ceremony/badge'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { MemberCard } from '@/components/member-card'
import { OfflineBanner, lastSyncText } from '@/components/offline-banner'
import { TierProgress } from '@/components/tier-progress'
import { greeting } from '@/domain/member'
import { formatPoints } from '@/domain/money'
import { DAY_MS, shanghaiWall } from '@/domain/time'
import { dropCardSnapshot, saveCardSnapshot } from '@/adapters/card-snapshot'
import { afterPaint } from '@/adapters/frame'
import { isOnline, onNetworkChange } from '@/adapters/network'
import { serverNow } from '@/stores/api'
import { useCard, useOwnCard } from '@/stores/card'
import { useCode } from '@/stores/code'
import { tierNotice, useInbox } from '@/stores/inbox'
import { useCoupons } from '@/stores/coupons'
import { useHero } from '@/stores/hero'
import { useSession } from '@/stores/session'
import { ROUTES, storeUrl } from '@/pages/routes'
import { useTabBadges } from '@/pages/tab-badges'
import { useDidShowPainted } from '@/pages/use-did-show-painted'
import { AttentionLine } from './attention'
import { HeroSlot } from './hero'
import { useCouponNearby } from './use-coupon-nearby'
import { withTabBar } from '@/pages/tab-bar'
import { benchMark } from '@/pages/bench-mark'
import './index.scss'

const go = (url: string) => () => void Taro.navigateTo({ url })

function CardPage() {
  const shown = useOwnCard()
  const programme = useCard((s) => s.programme)
  const loading = useCard((s) => s.loading)
  const error = useCard((s) => s.error)
  const unreachable = useCard((s) => s.unreachable)
  const lastSyncAt = useCard((s) => s.lastSyncAt)
  const [online, setOnline] = useState(isOnline)
  // The newest notice (a tier change at the anniversary) within the programme's notice span, while the member is still in that tier.
  const latestNotice = tierNotice(useInbox((s) => s.messages))
  const unread = useInbox((s) => s.unread)
  const nearby = useCouponNearby()
  const coupons = useCoupons((s) => s.coupons)
  const couponsAnswered = useCoupons((s) => s.answered)
  useTabBadges()

  useEffect(() => onNetworkChange(setOnline), [])
  // At the first commit with the card's points in it (from the phone's cache on a returning start):
  // a layout effect, as a passive one may run after the frame is painted.
  const cardShown = shown !== null
  useLayoutEffect(() => {
    if (cardShown) benchMark('card-shown')
  }, [cardShown])
  // The card comes first: what lies below it is rendered once the first frame is painted (a returning
  // member's cached card is on screen that much sooner; the rest follows in the next render).
  const [belowShown, showBelow] = useState(false)
  useEffect(() => afterPaint(() => showBelow(true)), [])

  const refresh = useCallback(async () => {
    const result = await useCard.getState().refresh()
    if (result === 'not-member') await Taro.reLaunch({ url: ROUTES.join })
    // Provision the member code's secret while there is a network, so the code works offline later.
    if (result === 'ok') {
      void useCode.getState().ensureSecret()
      // The coupon count beside the code button and the coupons tab's badge.
      void useCoupons.getState().load()
      // The tier notice and the 消息 count.
      void useInbox
        .getState()
        .load()
        .catch(() => undefined)
    }
  }, [])

  useDidShow(() => setOnline(isOnline()))
  // The refresh starts once the cached card is painted: loading the backend and asking it would
  // otherwise hold the first frame back.
  useDidShowPainted(() => void refresh())
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  // Back online: fetch again so the banner goes and the numbers are fresh.
  useEffect(() => {
    if (online && unreachable) void refresh()
  }, [online, unreachable, refresh])

  const offline = !online || unreachable
  const now = serverNow()

  // A returning start's snapshot of the card (H5) goes once this page's first frame is painted,
  // whatever that frame shows; after every commit with a card, what it shows now is kept for the next.
  useLayoutEffect(() => afterPaint(dropCardSnapshot), [])
  const persona = useSession((s) => s.persona)
  useEffect(() => {
    if (!shown) return
    return afterPaint(() =>
      saveCardSnapshot({
        root: '#app .card-page',
        keep: ['.card-page__greeting', '.member-card'],
        // The unread count comes with the inbox's answer, after the first frame.
        leaveOut: ['.card-page__inbox-count'],
        clock: ['.card-page__hello', '.card-page__city'],
        // The points may still be counting up on screen: the card's first frame shows where they end.
        text: [['.member-card__points-value', formatPoints(shown.points)]],
        now,
        offsetMs: serverNow() - Date.now(),
        memberId: shown.memberId,
        persona,
      }),
    )
  })

  if (!shown) {
    if (error && !loading)
      return (
        <View className='page card-page'>
          <ErrorState message={error} onRetry={() => void refresh()} />
        </View>
      )
    return (
      <View className='page card-page'>
        <CardSkeleton />
      </View>
    )
  }

  const noticeMs = (programme?.horizons.noticeDays ?? 0) * DAY_MS
  const notice =
    latestNotice && latestNotice.at === shown.tierSince && now - latestNotice.at < noticeMs ? latestNotice : null
  const hour = shanghaiWall(now).getUTCHours()
  const benefits = programme?.tiers.find((t) => t.id === shown.tierId)?.benefits ?? []
  return (
    <View className='page card-page'>
      {offline ? <OfflineBanner lastSyncAt={lastSyncAt} now={now} /> : null}
      {notice ? (
        <View className='card-page__notice' onClick={go(ROUTES.tier)}>
          <Text className='card-page__notice-title'>{notice.title}</Text>
          <Text className='card-page__notice-body'>{notice.body}</Text>
        </View>
      ) : null}
      <View className='card-page__greeting'>
        <View className='card-page__greeting-text'>
          <Text className='card-page__hello'>
            {greeting(hour)}，{shown.nickname}
          </Text>
          <Text className='card-page__city'>
            {shown.city ? `${shown.city} · ` : ''}
            {lastSyncText(lastSyncAt, now)}
          </Text>
        </View>
        <View className='card-page__inbox' onClick={go(ROUTES.messages)}>
          <Text className='card-page__inbox-label'>消息</Text>
          {unread > 0 ? (
            <Text className='card-page__inbox-count' aria-label={`${unread} 条未读`}>
              {unread > 99 ? '99+' : unread}
            </Text>
          ) : null}
        </View>
      </View>
      <MemberCard
        brand={programme?.brand ?? ''}
        nickname={shown.nickname}
        cardId={shown.cardId}
        tierName={shown.tierName}
        tierColor={shown.tierColor}
        points={shown.points}
        badges={shown.badges}
        footnote='点击查看积分明细'
        onTapPoints={go(ROUTES.points)}
      />
      <AttentionLine attention={shown.attention} />
      <HeroSlot hero={shown.hero} />
      {nearby ? (
        <View className='card-page__nearby' onClick={go(storeUrl(nearby.store.id))}>
          <Text className='card-page__nearby-text'>{nearby.text}</Text>
          <Text className='card-page__nearby-go'>去看看 ›</Text>
        </View>
      ) : null}
      <View className='card-page__actions'>
        <View className='card-page__show-code' onClick={() => void Taro.navigateTo({ url: ROUTES.code })}>
          <Text className='card-page__show-code-text'>出示会员码</Text>
          <Text className='card-page__show-code-sub'>结账时给收银员扫码，积分自动到账</Text>
        </View>
        <View className='card-page__coupons' onClick={() => void Taro.switchTab({ url: ROUTES.coupons })}>
          <Text className='card-page__coupons-label'>优惠券</Text>
          {couponsAnswered ? (
            <Text className='card-page__coupons-count'>
              {coupons.filter((c) => c.status === 'available').length} 张
            </Text>
          ) : null}
        </View>
      </View>
      {error && !offline ? (
        <RetryNotice className='card-page__error' message={error} onRetry={() => void refresh()} />
      ) : null}
      {belowShown ? (
        <>
          <View className='section' onClick={go(ROUTES.tier)}>
            <TierProgress
              tierName={shown.tierName}
              progress={shown.progress}
              keep={shown.keep}
              stats={shown.stats}
              windowMonths={programme?.horizons.rollingMonths ?? null}
            />
            <Text className='card-page__more'>查看等级规则与权益 ›</Text>
          </View>
          <View className='card-page__shortcuts'>
            <View className='card-page__shortcut' onClick={go(ROUTES.points)}>
              <Text className='card-page__shortcut-title'>积分明细</Text>
              <Text className='muted'>收支记录与即将过期</Text>
            </View>
            <View className='card-page__shortcut' onClick={go(ROUTES.rewards)}>
              <Text className='card-page__shortcut-title'>积分兑换</Text>
              <Text className='muted'>饮品券、礼品与合作权益</Text>
            </View>
            <View className='card-page__shortcut' onClick={go(ROUTES.stores)}>
              <Text className='card-page__shortcut-title'>附近门店</Text>
              <Text className='muted'>营业时间与导航</Text>
            </View>
          </View>
          <View className='card-page__entry' onClick={go(ROUTES.officer)}>
            <Text className='card-page__entry-title'>体验官</Text>
            <Text className='card-page__entry-sub'>新品上市前抢先尝，反馈得积分 ›</Text>
          </View>
          <View className='card-page__entry' onClick={go(ROUTES.partners)}>
            <Text className='card-page__entry-title'>联盟权益</Text>
            <Text className='card-page__entry-sub'>合作品牌会员礼遇，每期免费领 ›</Text>
          </View>
          <View className='card-page__entry' onClick={go(ROUTES.invite)}>
            <Text className='card-page__entry-title'>邀请有礼</Text>
            <Text className='card-page__entry-sub'>好友入会并完成首单，你得积分 ›</Text>
          </View>
          {benefits.length > 0 ? (
            <View className='section'>
              <Text className='section__title'>{shown.tierName}权益</Text>
              <View className='card-page__benefits'>
                {benefits.map((b) => (
                  <Text key={b} className='card-page__benefit'>
                    {b}
                  </Text>
                ))}
              </View>
            </View>
          ) : null}
        </>
      ) : null}
      <BadgeCeremony news={shown.celebrate} onShown={useHero.getState().celebrated} />
    </View>
  )
}

export default withTabBar(CardPage, ROUTES.card)
