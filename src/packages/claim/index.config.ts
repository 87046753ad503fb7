export default definePageConfig({
  navigationBarTitleText: '补录积分',
})
