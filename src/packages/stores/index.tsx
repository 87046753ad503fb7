import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Store } from '@/api/contract'
import { SkeletonBlock } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
// After skeleton and error-state (which uses it): every page brings their stylesheets in one order.
import { Button } from '@/components/button'
import { byDistance, formatDistance } from '@/domain/geo'
import { openState } from '@/domain/places'
import { openLocationSettings } from '@/adapters/location'
import { serverNow } from '@/stores/api'
import { useOwnCard } from '@/stores/card'
import { useCoupons } from '@/stores/coupons'
import { useStoreList } from '@/stores/store-list'
import { storeUrl } from '@/pages/routes'
import { couponsAt, useStoreData } from './use-store-data'
import './index.scss'

interface RowProps {
  store: Store
  meters: number | null
  couponCount: number
  now: number
}

function StoreRow({ store, meters, couponCount, now }: RowProps) {
  const state = openState(store.hours, now)
  return (
    <View className='store-row' onClick={() => void Taro.navigateTo({ url: storeUrl(store.id) })}>
      <View className='store-row__main'>
        <Text className='store-row__name'>{store.name}</Text>
        <Text className={`store-row__state${state.open ? ' store-row__state--open' : ''}`}>{state.text}</Text>
        <Text className='store-row__address'>{store.address}</Text>
        {couponCount > 0 ? <Text className='store-row__coupons'>你有 {couponCount} 张券可在此使用</Text> : null}
      </View>
      {meters !== null ? <Text className='store-row__distance'>{formatDistance(meters)}</Text> : null}
    </View>
  )
}

export default function StoresPage() {
  const stores = useStoreList((s) => s.stores)
  const loading = useStoreList((s) => s.loading)
  const error = useStoreList((s) => s.error)
  const here = useStoreList((s) => s.here)
  const location = useStoreList((s) => s.location)
  const coupons = useCoupons((s) => s.coupons)
  const card = useOwnCard()
  useStoreData()
  usePullDownRefresh(() => {
    void useStoreList
      .getState()
      .load(true)
      .finally(() => Taro.stopPullDownRefresh())
  })

  if (stores.length === 0) {
    if (!error && !loading && useStoreList.getState().loaded)
      return (
        <View className='page stores-page'>
          <Text className='stores-page__hint'>暂无门店信息</Text>
        </View>
      )
    if (error && !loading)
      return (
        <View className='page stores-page'>
          <ErrorState message={error} onRetry={() => void useStoreList.getState().load(true)} />
        </View>
      )
    return (
      <View className='page stores-page' aria-busy='true'>
        {[0, 1, 2].map((i) => (
          <SkeletonBlock key={i} className='stores-page__skeleton' />
        ))}
      </View>
    )
  }

  const now = serverNow()
  const count = (s: Store) => couponsAt(coupons, s).length
  // A failed refresh keeps the list shown, and says so.
  const banner = error ? (
    <RetryNotice
      className='stores-page__error'
      message={error}
      onRetry={() => void useStoreList.getState().load(true)}
    />
  ) : null

  if (here) {
    return (
      <View className='page stores-page'>
        {banner}
        <Text className='stores-page__hint'>按距离排序 · 离你最近的在最前</Text>
        <View className='section stores-page__list'>
          {byDistance(here, stores).map(({ item, meters }) => (
            <StoreRow key={item.id} store={item} meters={meters} couponCount={count(item)} now={now} />
          ))}
        </View>
      </View>
    )
  }

  // No position: by city, the member's own city first.
  const cities = [...new Set(stores.map((s) => s.city))].sort(
    (a, b) => Number(b === card?.city) - Number(a === card?.city),
  )
  return (
    <View className='page stores-page'>
      {banner}
      <View className='section stores-page__locate'>
        <Text className='stores-page__locate-text'>
          {location === 'denied'
            ? '没有获得你的位置，已按城市列出门店'
            : location === 'unavailable'
              ? '暂时无法获取位置，已按城市列出门店'
              : '允许使用你的位置后，可按距离排序'}
        </Text>
        <Button
          variant='outlined'
          size='small'
          className='stores-page__locate-button'
          disabled={location === 'asking'}
          onClick={() =>
            location === 'denied' && process.env.TARO_ENV === 'weapp'
              ? openLocationSettings()
              : void useStoreList.getState().locate()
          }
        >
          {location === 'asking'
            ? '定位中…'
            : location === 'denied' && process.env.TARO_ENV === 'weapp'
              ? '去设置开启'
              : '按距离排序'}
        </Button>
      </View>
      {cities.map((city) => (
        <View key={city} className='section stores-page__list'>
          <Text className='section__title'>{city}</Text>
          {stores
            .filter((s) => s.city === city)
            .map((s) => (
              <StoreRow key={s.id} store={s} meters={null} couponCount={count(s)} now={now} />
            ))}
        </View>
      ))}
    </View>
  )
}
