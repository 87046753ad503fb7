import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useLayoutEffect, useMemo, useRef, type MutableRefObject } from 'react'
import { code128CModules } from '@/domain/code128'
import { drawBarcode, drawQr, paintBackground, qrMatrix, type DrawContext, type QrMatrix } from './draw'
import './index.scss'

/** Why a code could not be drawn; the canvas is left white in every case. */
export type CodeCanvasError =
  /** The Canvas node was not found after the retries (not mounted, or the id is not unique on the page). */
  | 'no-canvas'
  /** The node gave no 2D context. */
  | 'no-context'
  /** The canvas is too narrow for modules of MIN_MODULE_PX device px (a barcode needs 154 modules). */
  | 'too-small'
  /** `value` cannot be encoded (barcode: not an even number of digits; QR: not digits for the member code's encoder, or too long). */
  | 'invalid-value'

/** What was drawn, in device px. */
export interface CodeCanvasDrawInfo {
  kind: 'qr' | 'barcode'
  /** The drawn size on screen in device px (CSS size × pixel ratio, rounded). */
  widthPx: number
  heightPx: number
  /** One module (narrowest bar, or QR cell) in device px on screen. */
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
  /**
   * How the QR is made from `value`. @default the member code's encoder (digits only; anything else
   * is reported as 'invalid-value'). A link or token passes `textQr` from './text-qr'.
   */
  qr?: (value: string) => QrMatrix
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
}

interface Surface {
  node: CanvasNode
  /** The backing store's size, in its own pixels. */
  widthPx: number
  heightPx: number
  /** Device px per backing-store pixel, across and down (1 unless the browser scales it up: see `backing`). */
  scaleX: number
  scaleY: number
  /** What was last painted on it: the props that decide the picture. */
  painted?: Pick<CodeCanvasProps, 'kind' | 'value' | 'qr'>
}

/**
 * H5 draws as React commits, before the browser paints: the page's first frame already holds the
 * code (a passive effect would run after that paint, leaving one frame or more without it). WeChat
 * renders through setData, so the node is only there later: a passive effect, then the query.
 */
const useDrawEffect = process.env.TARO_ENV === 'h5' ? useLayoutEffect : useEffect

const MAX_QUERY_TRIES = 40
const RETRY_MS = 16

/**
 * The member code drawn on a Canvas 2D in whole device pixels, in WeChat and H5 (see `backing`).
 * The canvas element's props never change after mount (Taro's canvas resets its bitmap when it
 * re-renders): a new `value` is redrawn on the same node, a new size only restyles the block around it.
 */
export function CodeCanvas(props: CodeCanvasProps) {
  const { kind, value, qr, canvasId, width, height, className } = props
  const latest = useRef(props)
  latest.current = props
  const surface = useRef<Surface | null>(null)

  // Find the node after it is rendered (retrying while it is not there yet), size it, draw.
  useDrawEffect(() => {
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    surface.current = null
    const adopt = (found: { node: CanvasNode; width: number; height: number }) => {
      surface.current = {
        node: found.node,
        ...backing(
          latest.current.kind,
          found.width > 0 ? found.width : width,
          found.height > 0 ? found.height : height,
        ),
      }
      paint(surface.current, latest.current)
    }
    if (process.env.TARO_ENV === 'h5') {
      // H5 renders a plain <canvas> (see `surfaceFor`): React hands it over at commit, so it is
      // drawn now, with no component to wait for and no query to poll.
      // Its CSS size is the block's (width/height, inline): reading it back would force a layout.
      const node = h5Node.current
      if (node) adopt({ node, width, height })
      else latest.current.onError?.('no-canvas')
    } else {
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
    }
  }, [canvasId, kind, width, height])

  // A new code (every 30 s), kind or encoder: redraw on the node we already have. At mount the node is
  // often adopted (and painted) just above, in the same commit: the same code is not drawn twice.
  useDrawEffect(() => {
    const s = surface.current
    const last = s?.painted
    if (s && (last?.kind !== kind || last.value !== value || last.qr !== qr)) paint(s, latest.current)
  }, [kind, value, qr])

  // Created once per id so React never touches the canvas element's props again.
  const h5Node = useRef<HTMLCanvasElement | null>(null)
  const canvas = useMemo(() => surfaceFor(canvasId, h5Node), [canvasId])

  return (
    <View
      className={`code-canvas code-canvas--${kind}${className ? ` ${className}` : ''}`}
      style={{ width: `${width}px`, height: `${height}px` }}
    >
      {canvas}
    </View>
  )
}

/**
 * The drawing surface. WeChat: Taro's `<Canvas type="2d">`. H5: a plain `<canvas>` — Taro's H5
 * Canvas is a web component that renders its own <canvas> a frame or more after React commits, and
 * resets the bitmap whenever it re-renders; the plain element is there at commit and never reset.
 * The id stays on a block around it, as on Taro's element, so a page finds it the same way.
 */
function surfaceFor(canvasId: string, h5Node: MutableRefObject<HTMLCanvasElement | null>) {
  if (process.env.TARO_ENV === 'h5')
    return (
      // eslint-disable-next-line no-restricted-syntax -- H5 only (this branch is folded away in WeChat builds)
      <div key={canvasId} id={canvasId} className='code-canvas__surface'>
        {/* eslint-disable-next-line no-restricted-syntax -- H5 only, as above */}
        <canvas ref={h5Node} className='code-canvas__bitmap' />
      </div>
    )
  else return <Canvas key={canvasId} type='2d' id={canvasId} className='code-canvas__surface' />
}

/**
 * The backing store for a symbol of `cssWidth` × `cssHeight`. WeChat: device px. H5 lets the browser
 * scale what gives the same pixels for less memory (a fresh canvas costs time in proportion to its
 * area, and a QR at the device pixel ratio is the largest thing the code page allocates):
 *  - a barcode is one row of bars: drawn one device px tall and stretched down (`image-rendering:
 *    pixelated`), its width still in device px so the bars keep their whole-pixel widths;
 *  - a QR, at a whole-number pixel ratio, is drawn in CSS px with whole-px modules and scaled up by
 *    that ratio, pixel for pixel: each module is still a whole number of device px.
 */
function backing(kind: 'qr' | 'barcode', cssWidth: number, cssHeight: number) {
  const ratio = devicePixelRatio()
  const device = (css: number) => Math.max(1, Math.round(css * ratio))
  if (process.env.TARO_ENV === 'h5') {
    if (kind === 'barcode') return { widthPx: device(cssWidth), heightPx: 1, scaleX: 1, scaleY: device(cssHeight) }
    if (Number.isInteger(ratio) && ratio > 1) {
      const [w, h] = [Math.max(1, Math.round(cssWidth)), Math.max(1, Math.round(cssHeight))]
      return { widthPx: w, heightPx: h, scaleX: ratio, scaleY: ratio }
    }
  }
  return { widthPx: device(cssWidth), heightPx: device(cssHeight), scaleX: 1, scaleY: 1 }
}

/** Size the backing store and draw `p.value`; reports through `p.onDrawn` / `p.onError` (in device px). */
function paint(s: Surface, p: CodeCanvasProps): void {
  const { node, widthPx, heightPx } = s
  s.painted = { kind: p.kind, value: p.value, qr: p.qr }
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
        ? drawQr(ctx, (p.qr ?? qrMatrix)(p.value), widthPx, heightPx)
        : drawBarcode(ctx, code128CModules(p.value), widthPx, heightPx)
  } catch {
    paintBackground(ctx, widthPx, heightPx)
    p.onError?.('invalid-value')
    return
  }
  if (result.ok)
    p.onDrawn?.({
      kind: p.kind,
      widthPx: widthPx * s.scaleX,
      heightPx: heightPx * s.scaleY,
      modulePx: result.modulePx * s.scaleX,
    })
  else p.onError?.('too-small')
}

/**
 * The node and its CSS size from WeChat's `fields({ node: true, size: true })` answer (a size of 0
 * falls back to the props' size in `adopt`).
 */
function readQueryAnswer(res: unknown): { node: CanvasNode; width: number; height: number } | null {
  const first: unknown = Array.isArray(res) ? res[0] : null
  if (!first || typeof first !== 'object') return null
  const answer = first as { node?: unknown; width?: unknown; height?: unknown }
  const node = answer.node as CanvasNode | null | undefined
  if (!node || typeof node.getContext !== 'function') return null
  const size = (v: unknown) => (typeof v === 'number' && v > 0 ? v : 0)
  return { node, width: size(answer.width), height: size(answer.height) }
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
