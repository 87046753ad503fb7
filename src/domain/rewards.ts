/**
 * Who may redeem a reward now: tier first, then stock, then points —
 * the one rule the backend enforces and the rewards page explains before anything is sent.
 */
import { formatPoints } from './money'

export interface RedeemableReward {
  name: string
  points: number
  stock: number
  /** Position of the lowest tier allowed (0 = base); null for everyone. */
  minTierIndex: number | null
  minTierName: string | null
}

export interface Redeemer {
  points: number
  tierIndex: number
}

export interface RedeemBlock {
  kind: 'tier' | 'stock' | 'points'
  /** On the button: "金卡专享", "已兑完", "还差 120 积分". */
  label: string
  /** The reason in full, as the backend refuses it. */
  reason: string
}

export function redeemBlock(reward: RedeemableReward, member: Redeemer): RedeemBlock | null {
  if (reward.minTierIndex !== null && member.tierIndex < reward.minTierIndex) {
    const name = reward.minTierName ?? ''
    return { kind: 'tier', label: `${name}专享`, reason: `该礼品仅限${name}及以上会员兑换` }
  }
  if (reward.stock <= 0) return { kind: 'stock', label: '已兑完', reason: `${reward.name}已兑完，看看其他礼品吧` }
  if (member.points < reward.points) {
    return {
      kind: 'points',
      label: `还差 ${formatPoints(reward.points - member.points)} 积分`,
      reason: `积分不足：兑换${reward.name}需要 ${formatPoints(reward.points)} 积分，还差 ${formatPoints(reward.points - member.points)} 积分`,
    }
  }
  return null
}
