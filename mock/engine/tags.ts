/**
 * 我的标签: what the brand infers about a member, from behaviour only (visits, where and when,
 * member days, coupons used, points earned and redeemed) and the RFM segment, each with its
 * evidence in words. Nothing here reads the profile (nickname, birthday, city, phone): a tag never
 * speaks of looks, gender, age or personal traits.
 */
import type { MyTags, Tag } from '../../src/api/contract'
import { memberDayAt } from '../../src/domain/member-day'
import { formatPoints, formatYuan } from '../../src/domain/money'
import { rfmInput, segmentInfo } from '../../src/domain/rfm'
import { addMonths, DAY_MS, shanghai, shanghaiDayNumber } from '../../src/domain/time'
import type { CheckoutRecord, Db, MemberRecord } from './db'
import { memberSegment } from './hero'

/** Visit frequency is counted over this many days. */
export const FREQUENCY_DAYS = 90
/** Where and when a member usually comes is read over this many months. */
const HABIT_MONTHS = 12

export const TAGS_BASIS =
  '标签只根据你的到店、消费、用券和积分记录得出，不看外貌、性别、年龄等个人特征；品牌用它们为你挑选内容和礼遇。'

/** Distinct Shanghai days among these visits (a visit is a day with a checkout, as tiers count them). */
const days = (visits: readonly CheckoutRecord[]) => new Set(visits.map((c) => shanghaiDayNumber(c.at))).size

const BANDS: { name: string; from: number; to: number }[] = [
  { name: '早上', from: 6, to: 11 },
  { name: '午间', from: 11, to: 14 },
  { name: '下午', from: 14, to: 18 },
  { name: '晚上', from: 18, to: 24 },
]
const bandOf = (at: number) => BANDS.find((b) => shanghai(at).hour() >= b.from && shanghai(at).hour() < b.to)?.name

/** The value that occurs most, if it occurs more than any other, with its count. */
function uniqueMode(values: readonly (string | undefined)[]): { value: string; count: number } | null {
  const counts = new Map<string, number>()
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1)
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1])
  if (sorted.length === 0 || (sorted.length > 1 && sorted[1][1] === sorted[0][1])) return null
  return { value: sorted[0][0], count: sorted[0][1] }
}

function visitTag(all: readonly CheckoutRecord[], now: number): Tag {
  const n = days(all.filter((c) => c.at > now - FREQUENCY_DAYS * DAY_MS && c.at <= now))
  const evidence = `近 ${FREQUENCY_DAYS} 天到店 ${n} 次`
  if (n >= 8) return { id: 'regular', group: 'visits', label: '常客', evidence }
  if (n >= 3) return { id: 'frequent', group: 'visits', label: '熟客', evidence }
  if (n >= 1) return { id: 'occasional', group: 'visits', label: '偶尔光顾', evidence }
  const last = Math.max(...all.map((c) => c.at))
  return {
    id: 'away',
    group: 'visits',
    label: '有一阵没来了',
    evidence: `上次到店是 ${Math.floor((now - last) / DAY_MS)} 天前，近 ${FREQUENCY_DAYS} 天没有到店`,
  }
}

/** The tags and segment for a member as of `now`; none before the first visit. */
export function tagsOf(db: Db, member: MemberRecord, now: number): MyTags {
  const all = member.checkouts.filter((c) => !c.refundedAt && c.at <= now)
  if (all.length === 0) return { tags: [], segment: null, basis: TAGS_BASIS }
  const year = all.filter((c) => c.at > addMonths(now, -HABIT_MONTHS))
  const span = `近 ${HABIT_MONTHS} 个月`
  const tags: Tag[] = [visitTag(all, now)]

  const store = uniqueMode(year.map((c) => c.storeId))
  if (store && store.count >= 2 && store.count * 3 >= year.length) {
    const name = db.stores.find((s) => s.id === store.value)?.name ?? '同一家店'
    tags.push({
      id: 'usual-store',
      group: 'store',
      label: `常去${name}`,
      evidence: `${span}到店 ${year.length} 次，${store.count} 次在${name}`,
    })
  }

  const band = uniqueMode(year.map((c) => bandOf(c.at)))
  if (band && year.length >= 3 && band.count * 5 >= year.length * 3)
    tags.push({
      id: 'usual-time',
      group: 'time',
      label: `常在${band.value}来`,
      evidence: `${span}到店 ${year.length} 次，${band.count} 次在${band.value}`,
    })

  const onMemberDays = days(year.filter((c) => memberDayAt(db.programme.memberDay, c.at)))
  if (onMemberDays >= 2)
    tags.push({
      id: 'member-day-regular',
      group: 'member-day',
      label: '会员日常客',
      evidence: `${span}有 ${onMemberDays} 天在会员日到店`,
    })

  const used = member.coupons.filter((c) => c.status === 'used')
  if (used.length > 0)
    tags.push({
      id: 'coupon-user',
      group: 'coupons',
      label: used.length >= 2 ? '爱用优惠券' : '用过优惠券',
      evidence: `已用券 ${used.length} 张`,
    })

  const earned = member.ledger.filter((e) => e.type === 'earn').reduce((sum, e) => sum + e.points, 0)
  const redeems = member.ledger.filter((e) => e.type === 'redeem')
  const redeemed = -redeems.reduce((sum, e) => sum + e.points, 0)
  const balance = member.ledger.reduce((sum, e) => sum + e.points, 0)
  if (redeemed > 0 && redeemed * 5 >= earned)
    tags.push({
      id: 'points-spender',
      group: 'points',
      label: '积分花得勤',
      evidence: `累计兑换 ${formatPoints(redeemed)} 积分，占所得的 ${Math.round((redeemed * 100) / earned)}%`,
    })
  else if (balance >= 1_000)
    tags.push({
      id: 'points-saver',
      group: 'points',
      label: '积分攒着用',
      evidence: `攒着 ${formatPoints(balance)} 积分，${redeems.length === 0 ? '还没兑换过' : `兑换过 ${redeems.length} 次`}`,
    })

  const x = rfmInput(all, member.joinedAt, now)
  const info = segmentInfo(memberSegment(member, now))
  const segment = {
    name: info.name,
    meaning: info.meaning,
    evidence: `最近一次到店 ${x.recencyDays ?? 0} 天前，${span}到店 ${x.frequency} 次、消费 ${formatYuan(x.monetaryFen)}`,
  }
  return { tags, segment, basis: TAGS_BASIS }
}
