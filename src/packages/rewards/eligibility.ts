/** Labels for the rewards mall. Who may redeem what is the domain's rule: `redeemBlock` in @/domain/rewards. */
import type { Reward } from '@/api/contract'

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
