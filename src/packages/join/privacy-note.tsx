import { Button, Text, View } from '@tarojs/components'

/** What we collect and why, in plain words (shown from the consent line). */
export function PrivacyNote({ onClose }: { onClose: () => void }) {
  return (
    <View className='privacy-note'>
      <View className='privacy-note__sheet'>
        <Text className='privacy-note__title'>会员服务与隐私说明</Text>
        <Text className='privacy-note__body'>
          我们收集手机号用于识别会员身份、找回会员卡；昵称用于会员卡展示；生日（选填）用于发放生日礼遇；城市（选填）用于推荐附近门店与活动。
          {'\n'}你的消费记录仅用于积分、等级与权益计算，不会出售给任何第三方。你可以随时在「我的」中修改资料或退出登录。
        </Text>
        <Button className='btn-primary' onClick={onClose}>
          我知道了
        </Button>
      </View>
    </View>
  )
}
