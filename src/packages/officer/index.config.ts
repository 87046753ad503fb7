export default definePageConfig({
  navigationBarTitleText: '体验官',
  enablePullDownRefresh: true,
})
