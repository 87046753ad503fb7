import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { SkeletonBlock } from '@/components/skeleton'
import { ErrorState } from '@/components/error-state'
// After skeleton and error-state (which uses it): every page brings their stylesheets in one order.
import { Button } from '@/components/button'
import { distanceMeters, formatDistance } from '@/domain/geo'
import { hoursLines, openState } from '@/domain/places'
import { callStore, openInMap } from '@/adapters/location'
import { serverNow } from '@/stores/api'
import { useCoupons } from '@/stores/coupons'
import { useStoreList } from '@/stores/store-list'
import { ROUTES } from '@/pages/routes'
import { couponsAt, useStoreData } from './use-store-data'
import './index.scss'

export default function StoreDetailPage() {
  const { params } = useRouter()
  const stores = useStoreList((s) => s.stores)
  const loading = useStoreList((s) => s.loading)
  const error = useStoreList((s) => s.error)
  const here = useStoreList((s) => s.here)
  const coupons = useCoupons((s) => s.coupons)
  useStoreData()

  const store = stores.find((s) => s.id === params.id)
  if (!store) {
    if (loading || (stores.length === 0 && !error))
      return (
        <View className='page stores-page'>
          <SkeletonBlock className='stores-page__skeleton' />
        </View>
      )
    return (
      <View className='page stores-page'>
        <ErrorState
          message={error ?? '找不到这家门店，它可能已经不在列表里了'}
          onRetry={() => void useStoreList.getState().load(true)}
        />
      </View>
    )
  }

  const state = openState(store.hours, serverNow())
  const usable = couponsAt(coupons, store)
  return (
    <View className='page stores-page'>
      <View className='section store-detail'>
        <Text className='store-detail__name'>{store.name}</Text>
        <Text className={`store-row__state${state.open ? ' store-row__state--open' : ''}`}>{state.text}</Text>
        <View className='store-detail__row'>
          <Text className='store-detail__address'>
            {store.address}
            {here ? ` · 距你 ${formatDistance(distanceMeters(here, store))}` : ''}
          </Text>
          <Text className='store-detail__phone'>电话 {store.phone}</Text>
        </View>
        <View className='store-detail__actions'>
          <Button className='store-detail__action' onClick={() => openInMap(store)}>
            导航到店
          </Button>
          <Button variant='outlined' className='store-detail__action' onClick={() => callStore(store.phone)}>
            拨打电话
          </Button>
        </View>
      </View>
      <View className='section'>
        <Text className='section__title'>营业时间</Text>
        {hoursLines(store.hours).map((line) => (
          <Text key={line} className='store-detail__hours'>
            {line}
          </Text>
        ))}
      </View>
      {usable.length > 0 ? (
        <View className='section'>
          <Text className='section__title'>在这家店可用的券</Text>
          {usable.map((c) => (
            <Text key={c.id} className='store-detail__coupon'>
              {c.title} · {c.source}
            </Text>
          ))}
          <Button
            variant='outlined'
            className='store-detail__code'
            onClick={() => void Taro.navigateTo({ url: ROUTES.code })}
          >
            结账时出示会员码
          </Button>
        </View>
      ) : null}
    </View>
  )
}
