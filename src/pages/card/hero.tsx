import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Hero } from '@/api/contract'
import { Button } from '@/components/button'
import { describeError } from '@/stores/errors'
import { useHero } from '@/stores/hero'
import { ROUTES, storeUrl } from '@/pages/routes'
import './hero.scss'

/** Where a hero item's button leads; a target this app does not know shows the item without its button. */
const OPEN: Record<string, (id: string) => void> = {
  code: () => void Taro.navigateTo({ url: ROUTES.code }),
  coupons: () => void Taro.switchTab({ url: ROUTES.coupons }),
  tier: () => void Taro.navigateTo({ url: ROUTES.tier }),
  'member-day': () => void Taro.switchTab({ url: ROUTES.memberDay }),
  stores: () => void Taro.navigateTo({ url: ROUTES.stores }),
  store: (id) => void Taro.navigateTo({ url: id ? storeUrl(id) : ROUTES.stores }),
}

async function claim(offerId: string) {
  try {
    await useHero.getState().claim(offerId)
    void Taro.showToast({ title: '领取成功', icon: 'success' })
  } catch (e) {
    if (e instanceof Error && e.message === 'busy') return
    await Taro.showModal({ title: '未能领取', content: describeError(e), showCancel: false, confirmText: '知道了' })
  }
}

/** The card's one item for this member now, as the backend chose and worded it, with why. */
export function HeroSlot({ hero }: { hero: Hero | null }) {
  const claiming = useHero((s) => s.claiming !== null)
  if (!hero) return null
  const { action } = hero
  const id = action?.id ?? ''
  const run =
    action?.target === 'claim' && id
      ? () => void claim(id)
      : action && Object.prototype.hasOwnProperty.call(OPEN, action.target)
        ? () => OPEN[action.target](id)
        : null
  return (
    <View className={`hero hero--${hero.kind}`}>
      <Text className='hero__title'>{hero.title}</Text>
      <Text className='hero__body'>{hero.body}</Text>
      {hero.tasks.map((t, i) => (
        <View key={t.text} className={`hero__task${t.done ? ' hero__task--done' : ''}`}>
          <Text className='hero__task-mark'>{t.done ? '✓' : i + 1}</Text>
          <Text className='hero__task-text'>{t.text}</Text>
          <Text className='hero__task-reward'>{t.reward}</Text>
        </View>
      ))}
      <Text className='hero__why'>为什么推荐给我：{hero.why}</Text>
      {run && action ? (
        <Button size='small' className='hero__go' disabled={claiming} onClick={run}>
          {claiming && action.target === 'claim' ? '领取中…' : action.label}
        </Button>
      ) : null}
    </View>
  )
}
