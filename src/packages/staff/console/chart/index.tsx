import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useRef } from 'react'
import type { ChartContext } from './draw'
import './index.scss'

export interface ChartCanvasProps {
  /** Page-unique id for the Canvas (letters first). */
  canvasId: string
  /** Height in CSS px; the width is the block's (full width of its parent). */
  height: number
  /** Draws the chart in CSS px (the context is already scaled to the pixel ratio). */
  draw: (ctx: ChartContext, width: number, height: number) => void
  /** Redraws when it changes (e.g. the data serialised). */
  version: string
  /** What the chart shows, for screen readers (the canvas itself has no text to read). */
  label: string
}

/** A Canvas 2D node: WeChat's `Canvas` or the browser's `HTMLCanvasElement`. */
interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): ChartContext | null
  clientWidth?: number
  clientHeight?: number
  getBoundingClientRect?: () => { width: number; height: number }
}

interface Surface {
  node: CanvasNode
  /** CSS px. */
  width: number
  height: number
  ratio: number
}

const TRIES = 40
const RETRY_MS = 16

/**
 * One small chart on `<Canvas type="2d">`, the same in WeChat and H5: the node is found with a selector
 * query (H5: the element itself, sized by its layout box), the bitmap sized at the pixel ratio, and
 * `draw` called in CSS px. The Canvas element is made once: Taro's H5 wrapper clears its bitmap when it
 * re-renders, so new data is drawn again on the same node.
 */
export function ChartCanvas({ canvasId, height, draw, version, label }: ChartCanvasProps) {
  const surface = useRef<Surface | null>(null)
  const latest = useRef(draw)
  latest.current = draw

  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let observer: MutationObserver | undefined
    const adopt = (node: CanvasNode, w: number, h: number) => {
      surface.current = { node, width: w > 0 ? w : 300, height: h > 0 ? h : height, ratio: pixelRatio() }
      paint(surface.current, latest.current)
      // H5: a re-render of the wrapper resets the bitmap to its CSS size; paint again when it does.
      if (typeof MutationObserver === 'function' && typeof (node as { nodeType?: unknown }).nodeType === 'number') {
        observer = new MutationObserver(() => {
          const s = surface.current
          if (s && (node.width !== Math.round(s.width * s.ratio) || node.height !== Math.round(s.height * s.ratio)))
            paint(s, latest.current)
        })
        observer.observe(node as unknown as Node, { attributes: true, attributeFilter: ['width', 'height'] })
      }
    }
    const attempt = (tries: number) => {
      if (cancelled) return
      const again = () => {
        if (tries + 1 < TRIES) timer = setTimeout(() => attempt(tries + 1), RETRY_MS)
      }
      if (process.env.TARO_ENV === 'h5') {
        const node = h5Canvas(canvasId)
        if (!node) return again()
        const box = node.getBoundingClientRect?.()
        const w = node.clientWidth || box?.width || 0
        const h = node.clientHeight || box?.height || 0
        return w > 0 ? adopt(node, w, h) : again()
      }
      Taro.createSelectorQuery()
        .select(`#${canvasId}`)
        .fields({ node: true, size: true })
        .exec((res: unknown) => {
          if (cancelled) return
          const first = (Array.isArray(res) ? res[0] : null) as {
            node?: CanvasNode
            width?: number
            height?: number
          } | null
          if (first?.node && typeof first.node.getContext === 'function')
            adopt(first.node, first.width ?? 0, first.height ?? 0)
          else again()
        })
    }
    Taro.nextTick(() => attempt(0))
    return () => {
      cancelled = true
      if (timer !== undefined) clearTimeout(timer)
      observer?.disconnect()
      surface.current = null
    }
  }, [canvasId, height])

  useEffect(() => {
    if (surface.current) paint(surface.current, latest.current)
  }, [version])

  const canvas = useMemo(
    () => <Canvas key={canvasId} type='2d' id={canvasId} className='chart-canvas__surface' />,
    [canvasId],
  )
  return (
    <View className='chart-canvas' style={{ height: `${height}px` }} role='img' aria-label={label}>
      {canvas}
    </View>
  )
}

/** H5: the `<canvas>` inside Taro's canvas element, on the page in front (pages below keep theirs). */
function h5Canvas(canvasId: string): CanvasNode | null {
  if (typeof document === 'undefined') return null
  const path = Taro.getCurrentInstance().page?.path
  const page = path ? document.getElementById(path) : null
  const host = (page ?? document).querySelector(`#${canvasId}`)
  if (!host) return null
  const node = host instanceof HTMLCanvasElement ? host : host.querySelector('canvas')
  return node as unknown as CanvasNode | null
}

function paint(s: Surface, draw: ChartCanvasProps['draw']): void {
  const w = Math.round(s.width * s.ratio)
  const h = Math.round(s.height * s.ratio)
  // Assigning a size clears the bitmap even to the same value: only when it differs.
  if (s.node.width !== w) s.node.width = w
  if (s.node.height !== h) s.node.height = h
  const ctx = s.node.getContext('2d')
  if (!ctx) return
  ctx.setTransform(s.ratio, 0, 0, s.ratio, 0, 0)
  draw(ctx, s.width, s.height)
}

/** Device px per CSS px (the browser's, else the window info's), 2 when neither answers. */
function pixelRatio(): number {
  try {
    const ratio =
      process.env.TARO_ENV === 'h5' && typeof window !== 'undefined'
        ? window.devicePixelRatio
        : Taro.getWindowInfo().pixelRatio
    if (typeof ratio === 'number' && ratio > 0) return ratio
  } catch {
    // An old base library without getWindowInfo: the common phone ratio.
  }
  return 2
}
