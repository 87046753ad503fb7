import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { WalletItem } from '@/api/contract'
import { formatPoints } from '@/domain/money'
import { formatDate } from '@/domain/time'
import { ROUTES } from '@/pages/routes'

/** "将使用 600 积分，兑换后剩余 4,636 积分": the confirmation's body (its title names the reward). */
export function confirmText(cost: number, balance: number): string {
  return `将使用 ${formatPoints(cost)} 积分，兑换后剩余 ${formatPoints(Math.max(0, balance - cost))} 积分`
}

/**
 * After a redemption: where it went and 去使用. A coupon is used from the coupons tab (with the member
 * code); a gift or partner voucher by showing its code, which 去使用 puts on screen.
 */
export function RedeemedBar({ item, onClose }: { item: WalletItem; onClose: () => void }) {
  const use = () => {
    if (item.kind === 'coupon') {
      onClose()
      void Taro.switchTab({ url: ROUTES.coupons })
      return
    }
    void Taro.showModal({
      title: item.name,
      content: `出示兑换码 ${item.code} 即可领取，有效期至 ${formatDate(item.expiresAt)}`,
      showCancel: false,
      confirmText: '知道了',
    })
  }
  return (
    <View className='redeemed-bar'>
      <View className='redeemed-bar__text'>
        <Text className='redeemed-bar__title'>已兑换{item.name}</Text>
        <Text className='redeemed-bar__where'>
          {item.kind === 'coupon'
            ? '券已放入优惠券，结账时出示会员码即可使用'
            : `兑换码 ${item.code}，也在下方我的兑换`}
        </Text>
      </View>
      <Button className='redeemed-bar__use' onClick={use}>
        去使用
      </Button>
      <Text className='redeemed-bar__close' onClick={onClose}>
        ×
      </Text>
    </View>
  )
}
