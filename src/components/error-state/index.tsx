import { Text, View } from '@tarojs/components'
import { Button } from '@/components/button'
import './index.scss'

export interface ErrorStateProps {
  /** What went wrong and what to do, in Chinese. */
  message: string
  /** Shown as a retry button when given. */
  onRetry?: () => void
}

export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <View className='error-state'>
      <Text className='error-state__message'>{message}</Text>
      {onRetry ? (
        <Button variant='outlined' className='error-state__retry' onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  )
}

export interface RetryNoticeProps {
  /** What went wrong, in Chinese; "（点此重试）" is added. */
  message: string
  /** Tapping the notice tries again. */
  onRetry: () => void
  /** Places and names it on the page. */
  className?: string
}

/** A one-line failure over content that stays shown (a refresh that failed): tap to try again. */
export function RetryNotice({ message, onRetry, className }: RetryNoticeProps) {
  return (
    <View className={`retry-notice${className ? ` ${className}` : ''}`} onClick={onRetry}>
      <Text>{message}（点此重试）</Text>
    </View>
  )
}
