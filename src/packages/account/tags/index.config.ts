export default definePageConfig({
  navigationBarTitleText: '我的标签',
  enablePullDownRefresh: true,
})
