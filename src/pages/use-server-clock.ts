import { useEffect, useState } from 'react'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { serverNow } from '@/stores/api'

/**
 * The server's time, read again on show and every `stepMs` while the page is shown, still while it
 * is hidden. A minute suits countdowns in hours; the member day's countdown in seconds asks for 1000.
 */
export function useServerClock(stepMs = 60_000): number {
  const [now, setNow] = useState(serverNow)
  const [shown, setShown] = useState(true)
  useDidShow(() => {
    setNow(serverNow())
    setShown(true)
  })
  useDidHide(() => setShown(false))
  useEffect(() => {
    if (!shown) return undefined
    const timer = setInterval(() => setNow(serverNow()), stepMs)
    return () => clearInterval(timer)
  }, [shown, stepMs])
  return now
}
