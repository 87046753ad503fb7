import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { MemberDayOffer } from '@/api/contract'
import { SkeletonBlock } from '@/components/skeleton'
import { ErrorState } from '@/components/error-state'
import { countdownText, upcomingMemberDays, type MemberDay } from '@/domain/member-day'
import { formatYuan } from '@/domain/money'
import { formatMonthDay, shanghai } from '@/domain/time'
import { tierIndex } from '@/domain/tiers'
import { askToSubscribe } from '@/adapters/subscribe'
import { serverNow } from '@/stores/api'
import { describeError } from '@/stores/errors'
import { useMemberDay } from '@/stores/member-day'
import { useSession } from '@/stores/session'
import './index.scss'

const JOIN_URL = '/packages/join/index'
const COUPONS_URL = '/pages/coupons/index'
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

const dayLabel = (d: MemberDay) => `${formatMonthDay(d.startsAt)} ${WEEKDAYS[shanghai(d.startsAt).day()]}`
const times = (pct: number) => `×${pct / 100}`

/** The server's time, ticking once a second while the page is shown (the countdown). */
function useTicking(): number {
  const [now, setNow] = useState(serverNow)
  useEffect(() => {
    const timer = setInterval(() => setNow(serverNow()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}

export default function MemberDayPage() {
  const programme = useMemberDay((s) => s.programme)
  const memberId = useSession((s) => s.memberId)
  const products = useMemberDay((s) => s.products)
  const offers = useMemberDay((s) => s.offers)
  const mine = useMemberDay((s) => s.mine)
  const answered = useMemberDay((s) => s.answered)
  const error = useMemberDay((s) => s.error)
  const claiming = useMemberDay((s) => s.claiming)
  const templateId = useMemberDay((s) => s.reminderTemplateId)
  const [offerErrors, setOfferErrors] = useState<Record<string, string>>({})
  const [reminderBusy, setReminderBusy] = useState(false)
  const now = useTicking()

  const load = () => useMemberDay.getState().load()
  useDidShow(() => {
    setOfferErrors({})
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!programme || !answered) {
    if (error && answered) return <View className='page day-page'><ErrorState message={error} onRetry={() => void load()} /></View>
    return (
      <View className='page day-page' aria-busy='true'>
        <SkeletonBlock className='day-page__skeleton-hero' />
        <SkeletonBlock className='day-page__skeleton-row' />
        <SkeletonBlock className='day-page__skeleton-row' />
      </View>
    )
  }

  const [day, ...later] = upcomingMemberDays(programme.memberDay, now, 4)
  const today = day.startsAt <= now
  const isMember = memberId !== null && mine !== null
  const claimedOf = (offerId: string) => mine?.claims.find((c) => c.offerId === offerId)?.count ?? 0
  const dayOffers = offers.filter((o) => o.kinds.includes(day.kind))
  const dayProducts = products.filter((p) => p.kinds.includes(day.kind))
  const myTier = mine ? tierIndex(programme.tiers, mine.tierId) : 0

  const claim = async (offer: MemberDayOffer) => {
    setOfferErrors((e) => ({ ...e, [offer.id]: '' }))
    try {
      const claimed = await useMemberDay.getState().claim(offer.id)
      void Taro.showToast({ title: claimed >= offer.limitPerMember ? '已领取，放入优惠券' : `已领 ${claimed} 张`, icon: 'success' })
    } catch (e) {
      if ((e as Error).message === 'busy') return // a double tap: the first claim answers
      setOfferErrors((errs) => ({ ...errs, [offer.id]: describeError(e) }))
    }
  }

  const toggleReminder = async () => {
    if (reminderBusy || !mine) return
    setReminderBusy(true)
    try {
      if (!mine.reminder && templateId && !(await askToSubscribe(templateId))) {
        void Taro.showToast({ title: '未开启提醒', icon: 'none' })
        return
      }
      await useMemberDay.getState().setReminder(!mine.reminder)
      void Taro.showToast({ title: mine.reminder ? '已取消提醒' : '会员日前一天提醒你', icon: 'none' })
    } catch (e) {
      void Taro.showToast({ title: describeError(e), icon: 'none' })
    } finally {
      setReminderBusy(false)
    }
  }

  const offerButton = (offer: MemberDayOffer): { text: string; disabled: boolean; action?: () => void } => {
    if (!isMember) return { text: '入会领取', disabled: false, action: () => void Taro.navigateTo({ url: JOIN_URL }) }
    const claimed = claimedOf(offer.id)
    if (claimed >= offer.limitPerMember) return { text: '已领取', disabled: true }
    if (!today) return { text: `${formatMonthDay(day.startsAt)} 开抢`, disabled: true }
    if (offer.minTierId && myTier < tierIndex(programme.tiers, offer.minTierId)) return { text: `${offer.minTierName}专享`, disabled: true }
    if (claiming.includes(offer.id)) return { text: '领取中…', disabled: true }
    return { text: claimed > 0 ? '再领一张' : '立即领取', disabled: false, action: () => void claim(offer) }
  }

  return (
    <View className='page day-page'>
      <View className={`day-hero day-hero--${day.kind}`}>
        <Text className='day-hero__kicker'>{today ? `今天是${day.title}` : `下一个${day.title}`}</Text>
        <Text className='day-hero__date'>{dayLabel(day)}</Text>
        <Text className='day-hero__perk'>全天消费积分 {times(day.multiplierPct)}</Text>
        <View className='day-hero__countdown'>
          <Text className='day-hero__countdown-label'>{today ? '距结束' : '距开始'}</Text>
          <Text className='day-hero__clock'>{countdownText((today ? day.endsAt : day.startsAt) - now)}</Text>
        </View>
        {isMember && !today ? (
          <Text className={`day-hero__remind${mine.reminder ? ' day-hero__remind--on' : ''}`} onClick={() => void toggleReminder()}>
            {reminderBusy ? '请稍候…' : mine.reminder ? '已设置提醒 · 点此取消' : '开启会员日提醒'}
          </Text>
        ) : null}
      </View>

      {isMember ? null : (
        <View className='section day-page__invite'>
          <Text className='day-page__invite-title'>加入会员，会员日福利全都有</Text>
          <Text className='muted'>积分 {times(programme.memberDay.monthly.multiplierPct)} 起 · 专享价 · 每月领券，入会免费</Text>
          <Button className='btn-primary day-page__invite-button' onClick={() => void Taro.navigateTo({ url: JOIN_URL })}>
            立即入会
          </Button>
        </View>
      )}

      <View className='section'>
        <Text className='section__title'>{day.title}领券</Text>
        {dayOffers.map((offer) => {
          const button = offerButton(offer)
          return (
            <View key={offer.id} className='day-offer'>
              <View className='day-offer__text'>
                <Text className='day-offer__title'>{offer.title}</Text>
                <Text className='muted'>
                  {offer.rules[0]} · 每人限领 {offer.limitPerMember} 张{isMember ? ` · 已领 ${claimedOf(offer.id)}/${offer.limitPerMember}` : ''}
                </Text>
                {offer.minTierName ? <Text className='day-offer__tier'>{offer.minTierName}及以上会员可领</Text> : null}
                {offerErrors[offer.id] ? <Text className='day-offer__error'>{offerErrors[offer.id]}</Text> : null}
              </View>
              <Button className='btn-primary day-offer__button' disabled={button.disabled} onClick={button.action}>
                {button.text}
              </Button>
            </View>
          )
        })}
        {isMember && mine.claims.some((c) => c.count > 0) ? (
          <Text className='day-page__link' onClick={() => void Taro.switchTab({ url: COUPONS_URL })}>
            领到的券在「优惠券」里，结账时出示会员码即可使用 ›
          </Text>
        ) : null}
      </View>

      <View className='section'>
        <Text className='section__title'>会员专享价</Text>
        <View className='day-products'>
          {dayProducts.map((p) => (
            <View key={p.id} className='day-product'>
              <View className='day-product__badge'>
                <Text>{[...p.name][0]}</Text>
              </View>
              <Text className='day-product__name'>{p.name}</Text>
              <Text className='day-product__desc'>{p.description}</Text>
              <View className='day-product__prices'>
                <Text className='day-product__member-price'>{formatYuan(p.memberPriceFen)}</Text>
                <Text className='day-product__price'>{formatYuan(p.priceFen)}</Text>
              </View>
              <Text className='day-product__tag'>{isMember ? '会员价' : '入会享会员价'}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='section'>
        <Text className='section__title'>会员日日历</Text>
        {[day, ...later].map((d) => (
          <View key={d.date} className={`day-calendar__row${d.kind === 'quarterly' ? ' day-calendar__row--big' : ''}`}>
            <Text className='day-calendar__date'>{dayLabel(d)}</Text>
            <Text className='day-calendar__title'>{d.title}</Text>
            <Text className='day-calendar__perk'>积分 {times(d.multiplierPct)}</Text>
          </View>
        ))}
        <Text className='muted day-calendar__rule'>
          每月 {programme.memberDay.dayOfMonth} 日是会员日；{programme.memberDay.quarterlyMonths.join('、')} 月为季度会员日，积分 {times(programme.memberDay.quarterly.multiplierPct)}、限定好物。
        </Text>
      </View>
    </View>
  )
}
