export default definePageConfig({
  navigationBarTitleText: '联盟权益',
  enablePullDownRefresh: true,
})
