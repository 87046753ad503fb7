import { useEffect, useRef } from 'react'
import { useDidShow } from '@tarojs/taro'
import { afterPaint } from '@/adapters/frame'

/**
 * `useDidShow` for work that must not hold back the page's first frame (a refresh, a lookup): `fn`
 * runs once the frame after each show is painted. A show before that frame replaces the pending run,
 * and leaving the page drops it.
 */
export function useDidShowPainted(fn: () => void): void {
  const latest = useRef(fn)
  latest.current = fn
  const cancel = useRef<(() => void) | null>(null)
  useDidShow(() => {
    cancel.current?.()
    cancel.current = afterPaint(() => {
      cancel.current = null
      latest.current()
    })
  })
  useEffect(() => () => cancel.current?.(), [])
}
