import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'

// The bare one-page Taro H5 app that `npm run bench` measures the member code against.
export default function Index() {
  useEffect(() => {
    performance.mark('bare:ready')
  }, [])
  return (
    <View>
      <Text>Hello</Text>
    </View>
  )
}
