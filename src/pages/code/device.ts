/**
 * What the code page asks of the phone while the code is shown: full brightness (restored after),
 * the screen kept on, the code hidden from screen recording, and a warning after a screenshot.
 * Each call is best effort: a platform without it (H5, older WeChat) simply goes without.
 */
import Taro from '@tarojs/taro'

let savedBrightness: number | null = null
let captureListener: (() => void) | null = null
/** Bumped by every enter and leave: an enter still waiting when the page is left undoes itself. */
let generation = 0

async function attempt<T>(fn: () => Promise<T> | T): Promise<T | null> {
  try {
    return await fn()
  } catch {
    return null
  }
}

export async function enterCodeMode(onScreenshot: () => void): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  const mine = ++generation
  if (savedBrightness === null) {
    const res = await attempt(() => Taro.getScreenBrightness())
    if (mine !== generation) return // left before the phone answered: change nothing
    if (res && typeof res.value === 'number') savedBrightness = res.value
  }
  await attempt(() => Taro.setScreenBrightness({ value: 1 }))
  await attempt(() => Taro.setKeepScreenOn({ keepScreenOn: true }))
  await attempt(() => Taro.setVisualEffectOnCapture({ visualEffect: 'hidden' }))
  if (!captureListener) {
    captureListener = onScreenshot
    await attempt(() => Taro.onUserCaptureScreen(onScreenshot))
  }
  // Left while these were being set: undo them.
  if (mine !== generation) await leaveCodeMode()
}

export async function leaveCodeMode(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  generation++
  if (savedBrightness !== null) {
    const value = savedBrightness
    savedBrightness = null
    await attempt(() => Taro.setScreenBrightness({ value }))
  }
  await attempt(() => Taro.setKeepScreenOn({ keepScreenOn: false }))
  await attempt(() => Taro.setVisualEffectOnCapture({ visualEffect: 'none' }))
  if (captureListener) {
    const l = captureListener
    captureListener = null
    await attempt(() => Taro.offUserCaptureScreen(l))
  }
}
