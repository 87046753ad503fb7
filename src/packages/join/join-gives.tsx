import { Text, View } from '@tarojs/components'
import type { Programme } from '@/api/contract'
import { Art } from '@/components/art'
import { currentOrNextMemberDay, memberDayPerkText } from '@/domain/member-day'
import { formatMonthDay } from '@/domain/time'

/**
 * What joining gives, first on the join page: the 入会礼 coupons and the next member day, both as
 * the backend serves them. Nothing shows until the rules have come.
 */
export function JoinGives({ programme, now, invited }: { programme: Programme | null; now: number; invited: boolean }) {
  if (!programme) return null
  // A friend who came with an invite code gets the invitation's coupon beside the 入会礼.
  const friend = invited ? programme.invitations?.inviteeCoupon : undefined
  const gifts = [
    ...(programme.joinGifts ?? []).map((gift) => ({ ...gift, label: '入会即送' })),
    ...(friend ? [{ ...friend, label: '好友邀请礼' }] : []),
  ]
  const day = currentOrNextMemberDay(programme.memberDay, now)
  const when = day.startsAt <= now ? '今天就是' : `${formatMonthDay(day.startsAt)} 是下一个`
  return (
    <View className='join-gives'>
      {gifts.map((gift) => (
        <View key={gift.title} className='join-gives__gift'>
          <Art image={gift.image} className='join-gives__art' />
          <View className='join-gives__text'>
            <Text className='join-gives__label'>{gift.label}</Text>
            <Text className='join-gives__title'>{gift.title} 券</Text>
            <Text className='join-gives__rules'>{gift.rules.slice(0, 2).join('，')}</Text>
          </View>
        </View>
      ))}
      <Text className='join-gives__day'>
        {when}
        {memberDayPerkText(day)}，会员专享价与领券
      </Text>
    </View>
  )
}
