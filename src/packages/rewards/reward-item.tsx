import { Button, Text, View } from '@tarojs/components'
import type { Reward } from '@/api/contract'
import { Art } from '@/components/art'
import { formatPoints } from '@/domain/money'
import type { RedeemBlock as Block } from '@/domain/rewards'
import { KIND_LABEL, stockText } from './eligibility'

export interface RewardItemProps {
  reward: Reward
  /** Why the member cannot redeem it now; null when they can. */
  block: Block | null
  /** This item's redemption is on its way. @default false */
  busy?: boolean
  /** Tapped the button: redeem, or see why not. */
  onTap: (reward: Reward) => void
}

/** One catalogue entry: what it is, what it costs, how many are left, who may have it. */
export function RewardItem({ reward, block, busy = false, onTap }: RewardItemProps) {
  const stock = stockText(reward.stock)
  return (
    <View className={`reward-item${block ? ' reward-item--blocked' : ''}`}>
      <Art image={reward.image} className='reward-item__art' />
      <View className='reward-item__main'>
        <View className='reward-item__tags'>
          <Text className={`reward-item__kind reward-item__kind--${reward.kind}`}>{KIND_LABEL[reward.kind]}</Text>
          {reward.minTierId && reward.minTierName ? (
            <Text className='reward-item__tier'>{reward.minTierName}及以上</Text>
          ) : null}
        </View>
        <Text className='reward-item__name'>{reward.name}</Text>
        <Text className='reward-item__desc'>{reward.description}</Text>
        <View className='reward-item__foot'>
          <Text className='reward-item__cost'>{formatPoints(reward.points)} 积分</Text>
          {stock ? (
            <Text className={`reward-item__stock${reward.stock <= 0 ? ' reward-item__stock--out' : ''}`}>{stock}</Text>
          ) : null}
        </View>
      </View>
      {/* Still tappable when blocked: the tap says why. */}
      <Button
        className={`reward-item__button${block ? ' reward-item__button--blocked' : ''}`}
        loading={busy}
        onClick={() => onTap(reward)}
      >
        {busy ? '兑换中' : block ? block.label : '兑换'}
      </Button>
    </View>
  )
}
