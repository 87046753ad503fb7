export default definePageConfig({
  navigationBarTitleText: '体验官管理',
})
