/** Whether the member can redeem a reward now, and if not, why, in the words the button and the modal show. */
import type { Reward } from '@/api/contract'
import { formatPoints } from '@/domain/money'

export interface Block {
  kind: 'tier' | 'stock' | 'points'
  /** On the button: "金卡专享", "已兑完", "积分不足". */
  label: string
  /** In the modal when tapped. */
  reason: string
}

export interface Member {
  points: number
  /** Position of the member's tier in the programme's ladder (0 = base); null when the ladder is unknown. */
  tierIndex: number | null
}

/**
 * Checked in the server's order (tier, then stock, then points), so a member sees the same reason
 * here as the backend would give. `rewardTierIndex` is null for a reward open to everyone or an unknown tier.
 */
export function blockOf(reward: Reward, member: Member, rewardTierIndex: number | null): Block | null {
  if (reward.minTierId && member.tierIndex !== null && rewardTierIndex !== null && member.tierIndex < rewardTierIndex) {
    const name = reward.minTierName ?? ''
    return { kind: 'tier', label: `${name}专享`, reason: `该礼品仅限${name}及以上会员兑换` }
  }
  if (reward.stock <= 0) return { kind: 'stock', label: '已兑完', reason: `${reward.name}已兑完，看看其他礼品吧` }
  if (member.points < reward.points) {
    const short = reward.points - member.points
    return { kind: 'points', label: '积分不足', reason: `积分不足：兑换${reward.name}需要 ${formatPoints(reward.points)} 积分，还差 ${formatPoints(short)} 积分` }
  }
  return null
}

export const KIND_LABEL: Record<Reward['kind'], string> = {
  coupon: '优惠券',
  gift: '礼品',
  partner: '合作权益',
}

/** "仅剩 3 件" under ten, "已兑完" at none, nothing when there are plenty. */
export function stockText(stock: number): string | null {
  if (stock <= 0) return '已兑完'
  if (stock < 10) return `仅剩 ${stock} 件`
  return null
}
