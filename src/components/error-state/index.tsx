import { Button, Text, View } from '@tarojs/components'
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
        <Button className='btn-plain error-state__retry' onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  )
}
