import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { CardSkeleton } from '@/components/skeleton'
import { ErrorState, RetryNotice } from '@/components/error-state'
import { useTags } from '@/stores/tags'
import './index.scss'

/**
 * 我的标签: what the brand infers about the member from their visits, purchases, coupons and points,
 * each tag with its evidence, and the member group they are placed in with what it means.
 */
export default function TagsPage() {
  const tags = useTags((s) => s.tags)
  const error = useTags((s) => s.error)
  const load = () => useTags.getState().load()
  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (!tags)
    return (
      <View className='page tags-page'>
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : <CardSkeleton lines={4} />}
      </View>
    )

  return (
    <View className='page tags-page'>
      {error ? <RetryNotice className='tags-page__error' message={error} onRetry={() => void load()} /> : null}
      {tags.segment ? (
        <View className='section tags-page__segment'>
          <Text className='tags-page__segment-head'>你所在的会员分群</Text>
          <Text className='tags-page__segment-name'>{tags.segment.name}</Text>
          <Text className='tags-page__segment-meaning'>{tags.segment.meaning}</Text>
          <Text className='tags-page__evidence'>依据：{tags.segment.evidence}</Text>
        </View>
      ) : null}
      {tags.tags.length === 0 ? (
        <View className='section tags-page__empty'>
          <Text className='section__title'>还没有标签</Text>
          <Text className='muted'>
            还没有足够的到店记录。来店里坐坐，出示会员码消费几次后，这里会出现你的标签和依据。
          </Text>
        </View>
      ) : (
        <View className='section'>
          <Text className='section__title'>品牌为你记下的标签</Text>
          {tags.tags.map((tag) => (
            <View key={tag.id} className={`tags-page__tag tags-page__tag--${tag.group}`}>
              <Text className='tags-page__label'>{tag.label}</Text>
              <Text className='tags-page__evidence'>{tag.evidence}</Text>
            </View>
          ))}
        </View>
      )}
      <Text className='tags-page__basis'>{tags.basis}</Text>
    </View>
  )
}
