export default definePageConfig({
  navigationBarTitleText: '收银台（员工）',
})
