import { Text, View } from '@tarojs/components'
import type { WalletItem } from '@/api/contract'
import { formatDay } from '@/domain/format'
import { serverNow } from '@/stores/api'
import { KIND_LABEL } from './eligibility'

const STATUS_LABEL: Record<WalletItem['status'], string> = {
  available: '可使用',
  used: '已使用',
  expired: '已过期',
}

export interface WalletListProps {
  items: WalletItem[]
}

/** 我的兑换: each voucher with the code to show at the counter or the partner. */
export function WalletList({ items }: WalletListProps) {
  if (items.length === 0) return <Text className='muted'>还没有兑换记录，兑换的券和礼品会出现在这里</Text>
  return (
    <View className='wallet-list'>
      {items.map((item) => (
        <View key={item.id} className={`wallet-item wallet-item--${item.status}`}>
          <View className='wallet-item__head'>
            <Text className='wallet-item__name'>{item.name}</Text>
            <Text className={`wallet-item__status wallet-item__status--${item.status}`}>
              {STATUS_LABEL[item.status]}
            </Text>
          </View>
          <Text className='wallet-item__desc'>
            {KIND_LABEL[item.kind]} · {item.description}
          </Text>
          <Text className='wallet-item__code'>兑换码 {item.code}</Text>
          <Text className='wallet-item__expiry'>有效期至 {formatDay(item.expiresAt, serverNow())}</Text>
        </View>
      ))}
    </View>
  )
}
