import { STAFF } from './build-flags'

// The map of the app: tab pages in the main package, everything else in subpackages.
export default defineAppConfig({
  // The member code is in the main package: it is the card at the till and must open at once.
  pages: ['pages/card/index', 'pages/member-day/index', 'pages/coupons/index', 'pages/me/index', 'pages/code/index'],
  subPackages: [
    { root: 'packages/join', pages: ['index'] },
    { root: 'packages/claim', pages: ['index'] },
    // The till is for demos and store devices: a brand's member build does not ship it.
    ...(STAFF ? [{ root: 'packages/staff', pages: ['till/index', 'trials/index', 'console/index'] }] : []),
    { root: 'packages/points', pages: ['index'] },
    { root: 'packages/tier', pages: ['index'] },
    { root: 'packages/rewards', pages: ['index'] },
    { root: 'packages/coupon', pages: ['index'] },
    { root: 'packages/stores', pages: ['index', 'detail'] },
    // 隐私政策 and 用户协议 (opened from 我的 and before joining), and 注销账号.
    { root: 'packages/legal', pages: ['privacy/index', 'terms/index'] },
    { root: 'packages/account', pages: ['erase/index', 'tags/index'] },
    { root: 'packages/officer', pages: ['index'] },
    { root: 'packages/partners', pages: ['index'] },
    { root: 'packages/messages', pages: ['index'] },
    { root: 'packages/invite', pages: ['index'] },
  ],
  preloadRule: {
    'pages/card/index': { network: 'all', packages: ['packages/join', 'packages/points'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#3d5a45',
    navigationBarTitleText: '栖木会员',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f4f0',
    // H5 only: Taro's own title bar (title + back, or home when opened from a link). WeChat draws its
    // own bar, so the weapp config stays as it was; on tab pages the bar is hidden (src/styles/h5-bar.scss).
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {}),
  },
  tabBar: {
    // H5: the tab pages draw the bar themselves (src/pages/tab-bar); WeChat draws its own from this list.
    ...(process.env.TARO_ENV === 'h5' ? { custom: true } : {}),
    color: '#676d69',
    selectedColor: '#3d5a45',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      {
        pagePath: 'pages/card/index',
        text: '会员卡',
        iconPath: 'assets/tab/card.png',
        selectedIconPath: 'assets/tab/card-active.png',
      },
      {
        pagePath: 'pages/member-day/index',
        text: '会员日',
        iconPath: 'assets/tab/day.png',
        selectedIconPath: 'assets/tab/day-active.png',
      },
      {
        pagePath: 'pages/coupons/index',
        text: '优惠券',
        iconPath: 'assets/tab/coupon.png',
        selectedIconPath: 'assets/tab/coupon-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
  // WeChat asks apps to declare location use and say why (shown in the permission prompt). The privacy
  // policy (packages/legal/privacy) words the same use: keep the two in step.
  permission: { 'scope.userLocation': { desc: '用于按距离排列门店，并提示附近可用的优惠券' } },
  requiredPrivateInfos: ['getLocation'],
  lazyCodeLoading: 'requiredComponents',
  __usePrivacyCheck__: true,
})
