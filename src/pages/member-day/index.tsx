import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { MemberDayOffer } from '@/api/contract'
import { SkeletonBlock } from '@/components/skeleton'
import { Art } from '@/components/art'
import { ErrorState, RetryNotice } from '@/components/error-state'
// After skeleton and error-state (which uses it): every page brings their stylesheets in one order.
import { Button } from '@/components/button'
import { countdownText, formatMultiplier, upcomingMemberDays, type MemberDay } from '@/domain/member-day'
import { withUnit } from '@/domain/format'
import { formatYuan } from '@/domain/money'
import { formatClock, formatMonthDay, weekdayName } from '@/domain/time'
import { askToSubscribe } from '@/adapters/subscribe'
import { useCard } from '@/stores/card'
import { describeError } from '@/stores/errors'
import { useMemberDay } from '@/stores/member-day'
import { useSession } from '@/stores/session'
import { ROUTES } from '@/pages/routes'
import { useServerClock } from '@/pages/use-server-clock'
import { useTabBadges } from '@/pages/tab-badges'
import { withTabBar } from '@/pages/tab-bar'
import './index.scss'

const dayLabel = (d: MemberDay) => `${formatMonthDay(d.startsAt)} ${weekdayName(d.startsAt)}`

interface OfferButton {
  text: string
  disabled: boolean
  action?: () => void
  /** Why it cannot be claimed, shown under the offer. */
  note?: string
}

function MemberDayPage() {
  const programme = useCard((s) => s.programme)
  const memberId = useSession((s) => s.memberId)
  const products = useMemberDay((s) => s.products)
  const offers = useMemberDay((s) => s.offers)
  const mine = useMemberDay((s) => s.mine)
  const loading = useMemberDay((s) => s.loading)
  const answered = useMemberDay((s) => s.answered)
  const error = useMemberDay((s) => s.error)
  const claiming = useMemberDay((s) => s.claiming)
  const templateId = useMemberDay((s) => s.reminderTemplateId)
  const [offerErrors, setOfferErrors] = useState<Record<string, string>>({})
  const [reminderBusy, setReminderBusy] = useState(false)
  const now = useServerClock(1000) // the countdown ticks in seconds
  useTabBadges()

  const load = () => useMemberDay.getState().load()
  useDidShow(() => {
    setOfferErrors({})
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const day = programme ? upcomingMemberDays(programme.memberDay, now, 1)[0] : null
  // Members as promoters: the share card names the day and its points.
  useShareAppMessage(() => ({
    title: day
      ? `${formatMonthDay(day.startsAt)} ${day.title}：积分 ${formatMultiplier(day.multiplierPct)}，会员专享价与领券`
      : '会员日',
    path: ROUTES.memberDay,
  }))
  // At midnight the day changes under the page: fetch the counts for the new one.
  const stale = day !== null && mine !== null && mine.date !== day.date
  useEffect(() => {
    if (stale && !loading) void load()
  }, [stale, loading])

  if (!programme || !day || (!answered && offers.length === 0)) {
    if (error && answered)
      return (
        <View className='page day-page'>
          <ErrorState message={error} onRetry={() => void load()} />
        </View>
      )
    return (
      <View className='page day-page' aria-busy='true'>
        <SkeletonBlock className='day-page__skeleton-hero' />
        <SkeletonBlock className='day-page__skeleton-row' />
        <SkeletonBlock className='day-page__skeleton-row' />
      </View>
    )
  }

  const later = upcomingMemberDays(programme.memberDay, now, 4).slice(1)
  const today = day.startsAt <= now
  const isMember = memberId !== null
  // Counts and refusals for this day only (never yesterday's after midnight).
  const mineToday = mine && mine.date === day.date ? mine : null
  const claimOf = (offerId: string) => mineToday?.claims.find((c) => c.offerId === offerId) ?? null
  const dayOffers = offers.filter((o) => o.kinds.includes(day.kind))
  const dayProducts = products.filter((p) => p.kinds.includes(day.kind))
  const { monthly, quarterly } = programme.memberDay

  const claim = async (offer: MemberDayOffer) => {
    setOfferErrors((e) => ({ ...e, [offer.id]: '' }))
    try {
      await useMemberDay.getState().claim(offer.id)
      void Taro.showToast({ title: '已放入优惠券', icon: 'success' })
    } catch (e) {
      if ((e as Error).message === 'busy') return // a double tap: the first claim answers
      setOfferErrors((errs) => ({ ...errs, [offer.id]: describeError(e) }))
    }
  }

  const toggleReminder = async () => {
    if (reminderBusy || !mineToday) return
    setReminderBusy(true)
    try {
      const on = mineToday.reminder === null
      // In WeChat one accepted subscription allows one message: it is asked for each member day.
      if (on && templateId && !(await askToSubscribe(templateId))) {
        void Taro.showToast({ title: '未开启提醒', icon: 'none' })
        return
      }
      await useMemberDay.getState().setReminder(on)
    } catch (e) {
      void Taro.showToast({ title: describeError(e), icon: 'none' })
    } finally {
      setReminderBusy(false)
    }
  }

  const offerButton = (offer: MemberDayOffer): OfferButton => {
    if (!isMember)
      return { text: '入会领取', disabled: false, action: () => void Taro.navigateTo({ url: ROUTES.join }) }
    const c = claimOf(offer.id)
    if (!c) return { text: '请稍候', disabled: true }
    if (c.count >= offer.limitPerMember) return { text: '已领取', disabled: true }
    if (c.refusal)
      return { text: offer.minTierName ? `${offer.minTierName}专享` : '暂不可领', disabled: true, note: c.refusal }
    if (!today) return { text: `${formatMonthDay(day.startsAt)} 可领`, disabled: true }
    if (claiming.includes(offer.id)) return { text: '领取中…', disabled: true }
    return { text: c.count > 0 ? '再领一张' : '立即领取', disabled: false, action: () => void claim(offer) }
  }

  const reminder = mineToday?.reminder ?? null
  return (
    <View className='page day-page'>
      <View className={`day-hero day-hero--${day.kind}`}>
        <Text className='day-hero__kicker'>{today ? `今天是${day.title}` : `下一个${day.title}`}</Text>
        <Text className='day-hero__date'>{dayLabel(day)}</Text>
        <Text className='day-hero__perk'>全天消费积分 {formatMultiplier(day.multiplierPct)}</Text>
        <View className='day-hero__countdown'>
          <Text className='day-hero__countdown-label'>{today ? '距结束' : '距开始'}</Text>
          <Text className='day-hero__clock'>{countdownText((today ? day.endsAt : day.startsAt) - now)}</Text>
        </View>
        {mineToday && !today ? (
          <Text
            className={`day-hero__remind${reminder ? ' day-hero__remind--on' : ''}`}
            onClick={() => void toggleReminder()}
          >
            {reminderBusy
              ? '请稍候…'
              : reminder
                ? `将于 ${formatMonthDay(reminder.remindAt)} ${formatClock(reminder.remindAt)} 提醒你 · 取消`
                : `提醒我 ${formatMonthDay(day.startsAt)} 来领券`}
          </Text>
        ) : null}
      </View>

      {error ? <RetryNotice className='day-page__error' message={error} onRetry={() => void load()} /> : null}

      {isMember ? null : (
        <View className='section day-page__invite'>
          <Text className='day-page__invite-title'>加入会员，会员日福利全都有</Text>
          <Text className='muted'>积分 {formatMultiplier(monthly.multiplierPct)} 起 · 专享价 · 每月领券，入会免费</Text>
          <Button className='day-page__invite-button' onClick={() => void Taro.navigateTo({ url: ROUTES.join })}>
            立即入会
          </Button>
        </View>
      )}

      <View className='section'>
        <Text className='section__title'>{day.title}领券</Text>
        {dayOffers.length === 0 ? <Text className='muted'>这个{day.title}没有可领的券，看看专享价吧</Text> : null}
        {dayOffers.map((offer) => {
          const button = offerButton(offer)
          const c = claimOf(offer.id)
          return (
            <View key={offer.id} className='day-offer'>
              <View className='day-offer__text'>
                <Text className='day-offer__title'>{offer.title}</Text>
                <Text className='muted'>
                  {offer.rules[0]} · 每人限领 {withUnit(offer.limitPerMember, '张')}
                  {c ? ` · 已领 ${c.count}/${offer.limitPerMember}` : ''}
                </Text>
                {button.note ? (
                  <Text className='day-offer__note'>{button.note}</Text>
                ) : offer.minTierName ? (
                  <Text className='day-offer__tier'>{offer.minTierName}及以上会员可领</Text>
                ) : null}
                {offerErrors[offer.id] ? <Text className='day-offer__error'>{offerErrors[offer.id]}</Text> : null}
              </View>
              <Button size='small' className='day-offer__button' disabled={button.disabled} onClick={button.action}>
                {button.text}
              </Button>
            </View>
          )
        })}
        {mineToday?.claims.some((c) => c.count > 0) ? (
          <Text className='day-page__link' onClick={() => void Taro.switchTab({ url: ROUTES.coupons })}>
            领到的券在「优惠券」里，结账时出示会员码即可使用 ›
          </Text>
        ) : null}
      </View>

      <View className='section'>
        <Text className='section__title'>会员专享价</Text>
        {dayProducts.length === 0 ? <Text className='muted'>这个{day.title}没有专享商品</Text> : null}
        <View className='day-products'>
          {dayProducts.map((p) => (
            <View key={p.id} className='day-product'>
              <Art image={p.image} className='day-product__art' />
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
            <Text className='day-calendar__perk'>积分 {formatMultiplier(d.multiplierPct)}</Text>
          </View>
        ))}
        <Text className='muted day-calendar__rule'>
          每月 {programme.memberDay.dayOfMonth} 日是{monthly.title}（积分 {formatMultiplier(monthly.multiplierPct)}）；
          {programme.memberDay.quarterlyMonths.join('、')} 月为
          {quarterly.title}（积分 {formatMultiplier(quarterly.multiplierPct)}）。
        </Text>
      </View>
    </View>
  )
}

export default withTabBar(MemberDayPage, ROUTES.memberDay)
