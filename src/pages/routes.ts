/**
 * Every page path the app navigates to, in one place. Plain strings only: this module is in the
 * main package and imported by subpackages too, so it must stay a few bytes.
 */
export const ROUTES = {
  card: '/pages/card/index',
  memberDay: '/pages/member-day/index',
  coupons: '/pages/coupons/index',
  me: '/pages/me/index',
  code: '/pages/code/index',
  join: '/packages/join/index',
  claim: '/packages/claim/index',
  points: '/packages/points/index',
  tier: '/packages/tier/index',
  rewards: '/packages/rewards/index',
  stores: '/packages/stores/index',
  till: '/packages/staff/till/index',
  privacy: '/packages/legal/privacy/index',
  terms: '/packages/legal/terms/index',
  erase: '/packages/account/erase/index',
  tags: '/packages/account/tags/index',
  officer: '/packages/officer/index',
  partners: '/packages/partners/index',
  staffTrials: '/packages/staff/trials/index',
  // 运营台 (operator console): segments, campaigns, the programme's economics. Staff key.
  staffConsole: '/packages/staff/console/index',
  messages: '/packages/messages/index',
  invite: '/packages/invite/index',
} as const

/** The tab pages (app.config.ts's tab bar): opened with switchTab, never navigateTo. */
export const TAB_ROUTES: readonly string[] = [ROUTES.card, ROUTES.memberDay, ROUTES.coupons, ROUTES.me]

/** A coupon's detail page. */
export const couponUrl = (couponId: string) => `/packages/coupon/index?id=${encodeURIComponent(couponId)}`

/** A store's detail page. */
export const storeUrl = (storeId: string) => `/packages/stores/detail?id=${encodeURIComponent(storeId)}`

/** The join page with an invite code filled in (the path a share to a chat carries). */
export const joinWithInvite = (code: string) => `/packages/join/index?invite=${encodeURIComponent(code)}`
