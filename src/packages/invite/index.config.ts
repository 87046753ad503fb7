export default definePageConfig({
  navigationBarTitleText: '邀请有礼',
  enablePullDownRefresh: true,
  // The share hooks (to a chat, to Moments) register only when the page declares them.
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
