import type { AttentionRules, HeroRules, Programme } from '../../src/api/contract'
import { earnRateText } from '../../src/domain/member-day'
import { DEFAULT_INBOX } from './inbox-rules'

type TierRule = Programme['tiers'][number]

/** The card's one attention line: today's member day first (it lasts a day), then points, then coupons. */
export const DEFAULT_ATTENTION: AttentionRules = {
  order: ['member-day', 'points-expiring', 'coupons-expiring'],
  pointsWithinDays: 30,
  couponsWithinDays: 3,
}

/**
 * The card's hero slot: a lapsed member's win-back coupon first, then a new member's first-purchase
 * tasks, what a member close to the next tier still needs, the member day's eve and morning, a store
 * in the member's city not yet visited, and a word by time of day (none late at night).
 */
export const DEFAULT_HERO: HeroRules = {
  order: ['win-back', 'first-purchase', 'tier-near', 'member-day', 'nearby-store', 'time-of-day'],
  lapsedDays: 45,
  winBackSegments: ['important-winback'],
  winBack: { offerId: 'wb-latte-1', templateId: 't-latte', title: '好久不见，送你一杯拿铁' },
  newMemberDays: 30,
  firstTasks: [
    { id: 'first-visit', text: '到店出示会员码，完成首单', reward: '消费 ¥1 积 1 分' },
    { id: 'use-coupon', text: '首单用上入会礼券', reward: '满50减10' },
  ],
  nearVisits: 2,
  nearSpendFen: 50_000,
  eveFromHour: 18,
  dayUntilHour: 12,
  timeOfDay: [
    {
      fromHour: 6,
      toHour: 11,
      title: '早安，来杯咖啡开启今天',
      body: '出示会员码，早上的这一杯也积分',
      why: '因为现在是早上',
    },
    {
      fromHour: 11,
      toHour: 14,
      title: '午间来杯咖啡提提神',
      body: '午餐后的一杯，积分照常累计',
      why: '因为现在是午间',
    },
    {
      fromHour: 14,
      toHour: 18,
      title: '下午茶时间到了',
      body: '拿铁配一块芝士蛋糕，找家店坐坐',
      why: '因为现在是下午',
    },
    {
      fromHour: 18,
      toHour: 21,
      title: '晚上好，来杯低因放松一下',
      body: '低因拿铁不打扰睡眠，积分照常累计',
      why: '因为现在是晚上',
    },
  ],
}

/** A tier that earns faster than ¥1 = 1 point says so first among its benefits, in the one multiplier wording. */
const withEarnRate = (tier: TierRule): TierRule =>
  tier.multiplierPct > 100 ? { ...tier, benefits: [earnRateText(tier.multiplierPct), ...tier.benefits] } : tier

/** The mock backend's programme rules (served at GET /programme; pages never hard-code them). */
export const DEFAULT_PROGRAMME: Programme = {
  brand: '栖木咖啡',
  pointsPerYuan: 100,
  // Every 18th; March, June, September and December bring the bigger quarterly one.
  memberDay: {
    dayOfMonth: 18,
    quarterlyMonths: [3, 6, 9, 12],
    monthly: { title: '会员日', multiplierPct: 200 },
    quarterly: { title: '季度会员日', multiplierPct: 300 },
  },
  horizons: {
    rollingMonths: 12,
    expiringWithinDays: 90,
    couponCountdownDays: 3,
    noticeDays: 30,
    demoDistanceM: 300,
  },
  service: {
    phone: '400-820-1818',
    hours: '每天 9:00–21:00',
    // The 黑金 benefit 专属客服: its own line, longer hours.
    dedicated: { title: '专属客服', tierIds: ['black'], phone: '400-820-1919', hours: '每天 8:00–23:00' },
  },
  attention: DEFAULT_ATTENTION,
  hero: DEFAULT_HERO,
  inbox: DEFAULT_INBOX,
  // Card colours read as a ladder (sage, steel, gold, black) and each carries white text at 5:1 or more.
  tiers: [
    {
      id: 'new',
      name: '新会员',
      spendFen: 0,
      visits: 0,
      keepSpendFen: 0,
      keepVisits: 0,
      multiplierPct: 100,
      color: '#3e6a5f',
      benefits: ['消费 ¥1 积 1 分', '入会礼券'],
    },
    {
      id: 'silver',
      name: '银卡',
      spendFen: 100_000,
      visits: 4,
      keepSpendFen: 60_000,
      keepVisits: 3,
      multiplierPct: 120,
      color: '#5f6670',
      benefits: ['生日饮品券', '会员日专享价'],
    },
    {
      id: 'gold',
      name: '金卡',
      spendFen: 500_000,
      visits: 12,
      keepSpendFen: 300_000,
      keepVisits: 8,
      multiplierPct: 150,
      color: '#86611a',
      benefits: ['每月免费升杯', '新品优先试饮', '生日双倍积分'],
    },
    {
      id: 'black',
      name: '黑金',
      spendFen: 2_000_000,
      visits: 36,
      keepSpendFen: 1_200_000,
      keepVisits: 24,
      multiplierPct: 200,
      color: '#23211f',
      benefits: ['专属客服', '合作品牌礼遇', '新品体验官', '免费配送'],
    },
  ].map(withEarnRate),
}

/**
 * The operator console's served rules (GET /staff/console/*): what a campaign of each coupon is
 * expected to bring, the weekly cap per member, and the assumptions the programme's economics rest on.
 */
export const CONSOLE_RULES = {
  campaign: {
    /** Campaigns one member gets at most within `capDays`; the rest skip them. */
    weeklyCap: 2,
    capDays: 7,
    /** The coupons a campaign may send, with the share expected to be used (%, from past campaigns). */
    offers: [
      { templateId: 't-5off', expectedRedemptionPct: 18 },
      { templateId: 't-welcome', expectedRedemptionPct: 14 },
      { templateId: 't-latte', expectedRedemptionPct: 32 },
      { templateId: 't-cake', expectedRedemptionPct: 24 },
      { templateId: 't-jingan-afternoon', expectedRedemptionPct: 9 },
    ],
  },
  economics: {
    /** Share of outstanding points expected to be redeemed some day (the rest lapses). */
    expectedRedemptionPct: 70,
    /** What a traditional points-only programme costs, as a share of member sales. */
    traditionalCostPct: 1,
    /** What one trial voucher (a drink given) costs the brand. */
    trialVoucherCostFen: 1_800,
    /** Members' share of all sales when the tills have no anonymous checkouts to measure it. */
    memberSalesSharePct: 62,
  },
} as const
