export default definePageConfig({
  navigationBarTitleText: '会员码',
  navigationBarBackgroundColor: '#2a3f30',
  backgroundColor: '#2a3f30',
})
