import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useRef } from 'react'
import { code128CModules } from '@/domain/code128'
import { drawBarcode, drawQr, paintBackground, qrMatrix, type DrawContext } from './draw'
import './index.scss'

/** Why a code could not be drawn; the canvas is left white in every case. */
export type CodeCanvasError =
  /** The Canvas node was not found after the retries (not mounted, or the id is not unique on the page). */
  | 'no-canvas'
  /** The node gave no 2D context. */
  | 'no-context'
  /** The canvas is too narrow for modules of MIN_MODULE_PX device px (a barcode needs 154 modules). */
  | 'too-small'
  /** `value` cannot be encoded (barcode: not an even number of digits; QR: too long). */
  | 'invalid-value'

/** What was drawn, in device px. */
export interface CodeCanvasDrawInfo {
  kind: 'qr' | 'barcode'
  /** Canvas backing-store size in device px (CSS size × pixel ratio, rounded). */
  widthPx: number
  heightPx: number
  /** One module (narrowest bar, or QR cell) in device px. */
  modulePx: number
}

export interface CodeCanvasProps {
  /** Which symbol to draw: QR (square) or Code 128 set C (about 700:200). */
  kind: 'qr' | 'barcode'
  /** The digits to encode (the 18-digit member code); '' paints a blank white canvas. */
  value: string
  /** Page-unique id for the Canvas (a valid CSS id: letters first); read at mount and when it changes. */
  canvasId: string
  /** Width in CSS px, e.g. 320 for the barcode on a 375 px phone. */
  width: number
  /** Height in CSS px, e.g. 92 for the barcode; equal to `width` for QR. */
  height: number
  /** Extra class on the block (`code-canvas`). */
  className?: string
  /** Called after every successful draw (first draw and each redraw), e.g. to time the code. */
  onDrawn?: (info: CodeCanvasDrawInfo) => void
  /** Called when the code could not be drawn. */
  onError?: (reason: CodeCanvasError) => void
}

/** The bits of a Canvas 2D node (WeChat `Canvas`, or the H5 `HTMLCanvasElement`) used here. */
interface CanvasNode {
  width: number
  height: number
  getContext(type: '2d'): DrawContext | null
  /** H5 only (an `HTMLCanvasElement`): its CSS layout size. */
  clientWidth?: number
  clientHeight?: number
  getBoundingClientRect?: () => { width: number; height: number }
}

interface Surface {
  node: CanvasNode
  widthPx: number
  heightPx: number
  /** The kind and value last painted on it (`kind:value`). */
  painted?: string
}

const MAX_QUERY_TRIES = 40
const RETRY_MS = 16

/**
 * The member code drawn on `<Canvas type="2d">` at the device pixel ratio, the same in WeChat and H5.
 * The Canvas element's props never change after mount (the H5 wrapper resets its bitmap when it
 * re-renders): a new `value` is redrawn on the same node, a new size only restyles the block around it.
 */
export function CodeCanvas(props: CodeCanvasProps) {
  const { kind, value, canvasId, width, height, className } = props
  const latest = useRef(props)
  latest.current = props
  const surface = useRef<Surface | null>(null)

  // Find the node after it is rendered (retrying while it is not there yet), size it, draw.
  useEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopWatching: (() => void) | undefined
    surface.current = null
    const adopt = (found: { node: CanvasNode; width: number; height: number }) => {
      const ratio = devicePixelRatio()
      surface.current = {
        node: found.node,
        widthPx: Math.max(1, Math.round((found.width > 0 ? found.width : width) * ratio)),
        heightPx: Math.max(1, Math.round((found.height > 0 ? found.height : height) * ratio)),
      }
      paint(surface.current, latest.current)
      if (process.env.TARO_ENV === 'h5')
        stopWatching = repaintWhenReset(
          found.node,
          () => surface.current,
          () => latest.current,
        )
    }
    // H5: the element is in the document once React has committed. Taro's nextTick and selector
    // query each poll for it (up to ~100 ms apiece), so read the <canvas> inside it directly. Under
    // load the element or its inner <canvas> can be a frame late: look again each frame. Only H5
    // takes this branch (folded at build time), so its build carries no selector-query code.
    const directTries = (tries: number) => {
      if (cancelled) return
      const again = () => {
        if (tries + 1 < MAX_QUERY_TRIES) timer = setTimeout(() => directTries(tries + 1), FRAME_MS)
        else latest.current.onError?.('no-canvas')
      }
      const host = h5Host(canvasId)
      if (!host) return again()
      const direct = () => {
        if (cancelled) return
        const found = readQueryAnswer([{ node: h5Canvas(host) }])
        if (found) adopt(found)
        else again()
      }
      if (typeof host.componentOnReady === 'function') host.componentOnReady().then(direct, again)
      else direct()
    }
    if (process.env.TARO_ENV === 'h5') directTries(0)
    else {
      const attempt = (tries: number) => {
        if (cancelled) return
        Taro.createSelectorQuery()
          .select(`#${canvasId}`)
          .fields({ node: true, size: true })
          .exec((res: unknown) => {
            if (cancelled) return
            const found = readQueryAnswer(res)
            if (found) adopt(found)
            else if (tries + 1 < MAX_QUERY_TRIES) timer = setTimeout(() => attempt(tries + 1), RETRY_MS)
            else latest.current.onError?.('no-canvas')
          })
      }
      Taro.nextTick(() => attempt(0))
    }
    return () => {
      cancelled = true
      if (timer !== undefined) clearTimeout(timer)
      stopWatching?.()
    }
  }, [canvasId, width, height])

  // A new code (every 30 s) or kind: redraw on the node we already have. At mount the node is
  // often adopted (and painted) just above, in the same commit: the same code is not drawn twice.
  useEffect(() => {
    const s = surface.current
    if (s && s.painted !== `${kind}:${value}`) paint(s, latest.current)
  }, [kind, value])

  // Created once per id so React never touches the Canvas element's props again.
  const canvas = useMemo(
    () => <Canvas key={canvasId} type='2d' id={canvasId} className='code-canvas__surface' />,
    [canvasId],
  )

  return (
    <View
      className={`code-canvas code-canvas--${kind}${className ? ` ${className}` : ''}`}
      style={{ width: `${width}px`, height: `${height}px` }}
    >
      {canvas}
    </View>
  )
}

/** H5: one look a frame for the canvas. */
const FRAME_MS = 16

/** Taro's H5 canvas element (a web component that renders a `<canvas>` inside once it is ready). */
type H5Host = HTMLElement & { componentOnReady?: () => Promise<unknown> }

/** Looked up in the current page's container, as Taro's selector query does: a page kept below it in the stack may have the same id. */
function h5Host(canvasId: string): H5Host | null {
  if (typeof document === 'undefined') return null
  const path = Taro.getCurrentInstance().page?.path
  const page = path ? document.getElementById(path) : null
  return (page ?? document).querySelector<H5Host>(`#${canvasId}`)
}

function h5Canvas(host: H5Host): CanvasNode | null {
  const node = host instanceof HTMLCanvasElement ? host : host.querySelector('canvas')
  return node as unknown as CanvasNode | null
}

/** Size the backing store and draw `p.value`; reports through `p.onDrawn` / `p.onError`. */
function paint(s: Surface, p: CodeCanvasProps): void {
  const { node, widthPx, heightPx } = s
  s.painted = `${p.kind}:${p.value}`
  // Assigning width/height clears the bitmap even to the same value: only when it differs.
  if (node.width !== widthPx) node.width = widthPx
  if (node.height !== heightPx) node.height = heightPx
  const ctx = node.getContext('2d')
  if (!ctx) {
    p.onError?.('no-context')
    return
  }
  if (!p.value) {
    paintBackground(ctx, widthPx, heightPx)
    return
  }
  let result
  try {
    result =
      p.kind === 'qr'
        ? drawQr(ctx, qrMatrix(p.value), widthPx, heightPx)
        : drawBarcode(ctx, code128CModules(p.value), widthPx, heightPx)
  } catch {
    paintBackground(ctx, widthPx, heightPx)
    p.onError?.('invalid-value')
    return
  }
  if (result.ok) p.onDrawn?.({ kind: p.kind, widthPx, heightPx, modulePx: result.modulePx })
  else p.onError?.('too-small')
}

/**
 * H5 only: if anything re-renders Taro's canvas wrapper, it resets the bitmap to the CSS size
 * (blank). Seen as a change of the canvas's width/height attributes: paint again on the spot.
 */
function repaintWhenReset(
  node: CanvasNode,
  current: () => Surface | null,
  props: () => CodeCanvasProps,
): (() => void) | undefined {
  if (typeof MutationObserver !== 'function' || typeof (node as { nodeType?: unknown }).nodeType !== 'number')
    return undefined
  const observer = new MutationObserver(() => {
    const s = current()
    if (s && s.node === node && (node.width !== s.widthPx || node.height !== s.heightPx)) paint(s, props())
  })
  observer.observe(node as unknown as Node, { attributes: true, attributeFilter: ['width', 'height'] })
  return () => observer.disconnect()
}

/**
 * The node and its CSS size from a `fields({ node: true, size: true })` answer. H5 answers with the
 * node only (no width/height): the size then comes from the element's layout box (clientWidth, which
 * a CSS transform such as an enlarge animation does not scale), else its bounding box.
 */
function readQueryAnswer(res: unknown): { node: CanvasNode; width: number; height: number } | null {
  const first: unknown = Array.isArray(res) ? res[0] : null
  if (!first || typeof first !== 'object') return null
  const answer = first as { node?: unknown; width?: unknown; height?: unknown }
  const node = answer.node as CanvasNode | null | undefined
  if (!node || typeof node.getContext !== 'function') return null
  let w = typeof answer.width === 'number' ? answer.width : 0
  let h = typeof answer.height === 'number' ? answer.height : 0
  if (!(w > 0 && h > 0) && node.clientWidth && node.clientHeight) {
    w = node.clientWidth
    h = node.clientHeight
  }
  if (!(w > 0 && h > 0) && typeof node.getBoundingClientRect === 'function') {
    const box = node.getBoundingClientRect()
    w = box.width
    h = box.height
  }
  return { node, width: w, height: h }
}

/** Device px per CSS px: H5 the browser's; WeChat window info, then system info; else 2. */
function devicePixelRatio(): number {
  // One folded expression: the H5 build carries none of Taro's window-info or system-info code.
  if (process.env.TARO_ENV === 'h5')
    return typeof window !== 'undefined' && window.devicePixelRatio > 0 ? window.devicePixelRatio : 2
  else {
    const sources: Array<() => unknown> = [
      () => Taro.getWindowInfo().pixelRatio,
      () => Taro.getSystemInfoSync().pixelRatio,
    ]
    for (const read of sources) {
      try {
        const ratio = read()
        if (typeof ratio === 'number' && Number.isFinite(ratio) && ratio > 0) return ratio
      } catch {
        // Not available on this base library version: try the next source.
      }
    }
    return 2
  }
}
