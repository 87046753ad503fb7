import { useEffect, useRef, useState } from 'react'

/**
 * A number that counts to its new value when it changes (points arriving, points spent), and
 * shows the first value at once. Timer-based so it runs the same in WeChat and in the browser.
 */
export function useAnimatedNumber(value: number, durationMs = 700): number {
  const [shown, setShown] = useState(value)
  const from = useRef(value)
  useEffect(() => {
    const start = from.current
    if (start === value) return
    const steps = Math.max(1, Math.round(durationMs / 40))
    let step = 0
    const timer = setInterval(() => {
      step++
      const t = step / steps
      const eased = 1 - (1 - t) ** 3
      const next = step >= steps ? value : Math.round(start + (value - start) * eased)
      from.current = next
      setShown(next)
      if (step >= steps) clearInterval(timer)
    }, 40)
    return () => clearInterval(timer)
  }, [value, durationMs])
  return shown
}
