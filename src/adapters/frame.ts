/**
 * Work that should wait until what the member came for is on screen: `fn` runs once the frame being
 * prepared now has been painted. React commits a page before the browser paints it, and whatever runs
 * in between (a refresh starting, the backend loading, what lies below the fold) holds that paint
 * back. In the browser that is the task after the next animation frame; WeChat paints in a thread of
 * its own, so there (and wherever there are no animation frames) it is the next task. Returns a cancel.
 */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let frame: number | undefined
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : null
  if (raf) {
    frame = raf(() => {
      frame = undefined
      timer = setTimeout(fn, 0)
    })
  } else {
    timer = setTimeout(fn, 0)
  }
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame)
    clearTimeout(timer)
  }
}
