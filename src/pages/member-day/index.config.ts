export default definePageConfig({
  navigationBarTitleText: '会员日',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
})
