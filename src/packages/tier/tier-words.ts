/** A tier's rules in the words a member reads on the ladder. */
import type { Programme } from '@/api/contract'
import { earnRateText } from '@/domain/member-day'
import { formatYuan } from '@/domain/money'

type TierRule = Programme['tiers'][number]

/** "近 12 个月消费满 ¥1,000 或到店 4 次" over the programme's rolling window; the base tier needs nothing. */
export function thresholdText(tier: TierRule, windowMonths: number): string {
  if (tier.spendFen <= 0 && tier.visits <= 0) return '入会即可获得'
  return `近 ${windowMonths} 个月消费满 ${formatYuan(tier.spendFen)} 或到店 ${tier.visits} 次`
}

/** "保级：一年内消费 ¥600 或到店 3 次"; the base tier has nothing to keep. */
export function keepRuleText(tier: TierRule): string {
  if (tier.keepSpendFen <= 0 && tier.keepVisits <= 0) return '无需保级'
  return `保级：一年内消费 ${formatYuan(tier.keepSpendFen)} 或到店 ${tier.keepVisits} 次`
}

/** "积分 1.2 倍" from multiplierPct 120. */
export function multiplierText(tier: TierRule): string {
  return earnRateText(tier.multiplierPct)
}
