import { useCallback, useEffect, useMemo, useState } from 'react'
import { copyText } from '@/adapters/clipboard'
import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { Invitation } from '@/api/contract'
import { Ceremony } from '@/components/ceremony'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { formatPoints } from '@/domain/money'
import { formatDate } from '@/domain/time'
import { useCard, useOwnCard } from '@/stores/card'
import { dueCeremony, useInvite } from '@/stores/invite'
import { joinWithInvite } from '@/pages/routes'
import { BRAND_COLOR } from '@/styles/colors'
import { MomentsGuide, inviteFromQuery, openedFromMoments } from '../join/moments'
import { InvitePoster } from './poster-view'
import { chatShare, timelineShare } from './share'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/**
 * The join link a friend opens: in H5, this very site's join page (wherever it is served); in
 * WeChat, the backend's H5 link (for the poster's fallback QR outside WeChat).
 */
function joinLink(share: { path: string; h5Link: string }): string {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined')
    return `${window.location.origin}${window.location.pathname}#${share.path}`
  return share.h5Link
}

/** 「好友完成首单，+500 积分」, or for several at once 「2 位好友完成首单，+1,000 积分」. */
function ceremonyTitle(due: Invitation[]): string {
  const points = formatPoints(due.reduce((sum, i) => sum + i.points, 0))
  return due.length === 1 ? `好友完成首单，+${points} 积分` : `${due.length} 位好友完成首单，+${points} 积分`
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  return (
    <View className={`invitation invitation--${invitation.state}`}>
      <View className='invitation__head'>
        <Text className='invitation__name'>
          {invitation.friendName}
          {invitation.friendErased ? ' · 已注销' : ''}
        </Text>
        <Text className='invitation__state'>{invitation.stateText}</Text>
      </View>
      <Text className='invitation__detail'>{invitation.detail}</Text>
      <Text className='invitation__date'>{formatDate(invitation.joinedAt)} 入会</Text>
    </View>
  )
}

/** 邀请有礼 as the friend sees a shared page: in the Moments preview, the way into the mini-program; else the join page with the code. */
function FriendView({ code }: { code: string }) {
  const moments = useMemo(openedFromMoments, [])
  useEffect(() => {
    if (!moments) void Taro.redirectTo({ url: joinWithInvite(code) })
  }, [moments, code])
  return <View className='page invite-page'>{moments ? <MomentsGuide code={code} /> : <CardSkeleton lines={2} />}</View>
}

/** 邀请有礼: the member's code, what the friend and the member get, sharing, the poster, every invitation and "my influence". */
export default function InvitePage() {
  const friendCode = inviteFromQuery(useRouter().params)
  return friendCode ? <FriendView code={friendCode} /> : <MemberView />
}

function MemberView() {
  const card = useOwnCard()
  const programme = useCard((s) => s.programme)
  const mine = useInvite((s) => s.mine)
  const answered = useInvite((s) => s.answered)
  const error = useInvite((s) => s.error)
  const [poster, setPoster] = useState(false)
  const [ceremonyShown, setCeremonyShown] = useState<string[]>([])

  const load = useCallback(() => useInvite.getState().load(), [])
  useDidShow(() => {
    void load()
    useCard
      .getState()
      .ensureProgramme()
      .catch(() => undefined) // the rules' words wait for the next show
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const share = mine?.share ?? null
  // A tap is counted for "my influence" only; the share itself never waits for the count.
  useShareAppMessage(() => {
    void useInvite.getState().tapShare('chat')
    return chatShare(share)
  })
  useShareTimeline(() => {
    void useInvite.getState().tapShare()
    return timelineShare(share)
  })

  const rules = programme?.invitations ?? null
  const due = dueCeremony(mine).filter((i) => !ceremonyShown.includes(i.id))
  const endCeremony = useCallback((ids: string[]) => {
    setCeremonyShown((shown) => [...shown, ...ids])
    void useInvite.getState().markSeen(ids)
  }, [])

  const copyLink = async () => {
    if (share && (await copyText(joinLink(share), '链接已复制'))) void useInvite.getState().tapShare('link')
  }
  const openPoster = () => {
    if (!poster) void useInvite.getState().tapShare('poster')
    setPoster(!poster)
  }

  if (!answered) return <View className='page invite-page'>{<CardSkeleton lines={4} />}</View>
  if (!mine)
    return (
      <View className='page invite-page'>
        <ErrorState message={error ?? '邀请信息暂时无法加载'} onRetry={() => void load()} />
      </View>
    )

  const { influence, invitations, month, invitedBy } = mine
  const brand = programme?.brand ?? ''
  // The friend's coupon comes with the first purchase in the window (the served rules), not at joining.
  const friendGets = rules
    ? `入会 ${rules.windowDays} 天内首单送你 ${rules.inviteeCoupon.title} 券`
    : '入会后首单送你邀请有礼券'
  return (
    <View className='page invite-page'>
      {error ? <RetryNotice className='invite-page__error' message={error} onRetry={() => void load()} /> : null}
      <View className='invite-page__hero'>
        <Text className='invite-page__title'>{rules?.title ?? '邀请有礼'}</Text>
        {rules ? <Text className='invite-page__summary'>{rules.summary}</Text> : null}
        <View className='invite-page__code-row'>
          <View className='invite-page__code-box'>
            <Text className='invite-page__code-label'>我的邀请码</Text>
            <Text className='invite-page__code'>{share?.code}</Text>
          </View>
          <Button className='invite-page__copy' onClick={() => void copyText(share?.code ?? '', '已复制')}>
            复制
          </Button>
        </View>
      </View>

      {rules ? (
        <View className='section invite-page__gets'>
          <View className='invite-page__get'>
            <Text className='invite-page__get-who'>好友得</Text>
            <Text className='invite-page__get-what'>{rules.inviteeCoupon.title} 券</Text>
            <Text className='invite-page__get-when'>入会 {rules.windowDays} 天内首单后发放，另有入会礼</Text>
          </View>
          <View className='invite-page__get'>
            <Text className='invite-page__get-who'>你得</Text>
            <Text className='invite-page__get-what'>{formatPoints(rules.inviterPoints)} 积分</Text>
            <Text className='invite-page__get-when'>好友入会 {rules.windowDays} 天内完成首单后</Text>
          </View>
        </View>
      ) : null}

      <View className='section invite-page__share'>
        {isWeapp ? (
          <Button className='btn-primary invite-page__share-button' openType='share'>
            发给微信好友
          </Button>
        ) : (
          <Button className='btn-primary invite-page__share-button' onClick={() => void copyLink()}>
            复制邀请链接
          </Button>
        )}
        <Button className='btn-plain invite-page__share-button invite-page__poster-button' onClick={openPoster}>
          {poster ? '收起海报' : '生成邀请海报'}
        </Button>
        <Text className='invite-page__share-note'>
          {isWeapp ? '也可点右上角「···」分享到朋友圈。' : ''}好友通过你的链接或邀请码入会即计入邀请
        </Text>
        {poster && share ? (
          <InvitePoster
            spec={{
              brand,
              nickname: card?.nickname ?? '',
              friendGets,
              link: joinLink(share),
              code: share.code,
              color: BRAND_COLOR,
            }}
          />
        ) : null}
      </View>

      <View className='section invite-page__influence'>
        <Text className='section__title'>我的影响力</Text>
        <View className='invite-page__stats'>
          <View className='invite-page__stat'>
            <Text className='invite-page__stat-value'>{influence.shareTaps}</Text>
            <Text className='invite-page__stat-label'>分享次数</Text>
          </View>
          <View className='invite-page__stat'>
            <Text className='invite-page__stat-value'>{influence.friendsJoined}</Text>
            <Text className='invite-page__stat-label'>好友入会</Text>
          </View>
          <View className='invite-page__stat'>
            <Text className='invite-page__stat-value'>{influence.firstPurchases}</Text>
            <Text className='invite-page__stat-label'>完成首单</Text>
          </View>
          <View className='invite-page__stat'>
            <Text className='invite-page__stat-value'>{formatPoints(influence.pointsEarned)}</Text>
            <Text className='invite-page__stat-label'>获得积分</Text>
          </View>
        </View>
        <Text className='invite-page__stats-note'>分享次数仅作统计，不计奖励；奖励只在好友完成首单后发放</Text>
      </View>

      <View className='section invite-page__list'>
        <View className='invite-page__list-head'>
          <Text className='section__title'>我的邀请</Text>
          <Text className='invite-page__month'>
            本月已奖励 {month.rewarded}/{month.cap} 位
          </Text>
        </View>
        {invitations.length === 0 ? (
          <Text className='invite-page__empty'>还没有好友通过你的邀请入会</Text>
        ) : (
          invitations.map((i) => <InvitationRow key={i.id} invitation={i} />)
        )}
      </View>

      {invitedBy ? (
        <View className='section invite-page__invited-by'>
          <Text className='invite-page__invited-by-title'>你由 {invitedBy.name} 邀请入会</Text>
          <Text className='invite-page__invited-by-detail'>{invitedBy.detail}</Text>
        </View>
      ) : null}

      {rules ? (
        <View className='section invite-page__rules'>
          <Text className='section__title'>活动规则</Text>
          {rules.rules.map((line, n) => (
            <Text key={line} className='invite-page__rule'>
              {n + 1}. {line}
            </Text>
          ))}
        </View>
      ) : null}

      {due.length > 0 ? (
        <Ceremony
          title={ceremonyTitle(due)}
          subtitle={due.map((i) => i.friendName).join('、')}
          color={card?.tierColor ?? BRAND_COLOR}
          onDone={() => endCeremony(due.map((i) => i.id))}
        />
      ) : null}
    </View>
  )
}
