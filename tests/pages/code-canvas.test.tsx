/**
 * The CodeCanvas component in the H5 runtime (jsdom): it draws on its <canvas> as React commits,
 * sized at the device pixel ratio, what a till's scanner can read, redraws a new code on the same
 * node, and reports what it cannot draw. The drawing itself (every code, every ratio) is tested in tests/unit/code-canvas.test.ts.
 */
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { CodeCanvas, type CodeCanvasDrawInfo, type CodeCanvasError } from '@/components/code-canvas'
import type { QrMatrix } from '@/components/code-canvas/draw'
import { textQr } from '@/components/code-canvas/text-qr'
import { installFakeCanvas } from '../setup/fake-canvas'

const canvases = installFakeCanvas()
const contextOf = canvases.of

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now()
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A mounted CodeCanvas with everything it reported. */
function mount() {
  document.body.innerHTML = '<div id="root"></div>'
  const host = document.getElementById('root')
  if (!host) throw new Error('no root')
  const root: Root = createRoot(host)
  const drawn: CodeCanvasDrawInfo[] = []
  const errors: CodeCanvasError[] = []
  const render = (
    value: string,
    opts: { kind?: 'qr' | 'barcode'; width?: number; height?: number; qr?: (text: string) => QrMatrix } = {},
  ) =>
    root.render(
      <CodeCanvas
        kind={opts.kind ?? 'barcode'}
        value={value}
        canvasId='member-barcode'
        width={opts.width ?? 320}
        height={opts.height ?? 92}
        qr={opts.qr}
        onDrawn={(i) => drawn.push(i)}
        onError={(e) => errors.push(e)}
      />,
    )
  const canvas = () => {
    const el = document.querySelector<HTMLCanvasElement>('#member-barcode canvas')
    if (!el) throw new Error('no canvas')
    return el
  }
  return { root, drawn, errors, render, canvas }
}

let mounted: ReturnType<typeof mount> | null = null

beforeEach(() => {
  Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: 2 })
  canvases.clear()
  mounted = mount()
})

afterEach(() => {
  mounted?.root.unmount()
  mounted = null
})

function m() {
  if (!mounted) throw new Error('not mounted')
  return mounted
}

test('the barcode is drawn at the device pixel ratio and scans as the code; the digits are not in the DOM', async () => {
  const { drawn, errors, render, canvas } = m()
  render('661000000002123456')
  await until(() => drawn.length > 0)
  expect(drawn[0]).toEqual({ kind: 'barcode', widthPx: 640, heightPx: 184, modulePx: 4 })
  // One row of bars in device px, which the page stretches to the full height.
  expect([canvas().width, canvas().height]).toEqual([640, 1])
  expect(contextOf(canvas()).decode('barcode')).toBe('661000000002123456')
  expect(document.body.innerHTML).not.toContain('661000000002123456')
  expect(errors).toEqual([])
}, 20000)

test('the code is on the canvas as soon as React has committed, before any timer or promise runs', () => {
  const { drawn, errors, render, canvas } = m()
  act(() => render('661000000002123456'))
  expect(errors).toEqual([])
  expect(drawn).toHaveLength(1)
  expect(contextOf(canvas()).decode('barcode')).toBe('661000000002123456')
})

test('the next code is drawn on the same node, which keeps it', async () => {
  const { drawn, render, canvas } = m()
  render('661000000002123456')
  await until(() => drawn.length > 0)
  const node = canvas()

  render('669999999999999999')
  await until(() => drawn.length > 1)
  expect(canvas()).toBe(node)
  expect([node.width, node.height]).toEqual([640, 1])
  expect(contextOf(node).decode('barcode')).toBe('669999999999999999')
  // Later renders leave the bitmap alone: it still holds the code.
  await new Promise((r) => setTimeout(r, 300))
  expect([node.width, node.height]).toEqual([640, 1])
  expect(contextOf(node).decode('barcode')).toBe('669999999999999999')
}, 20000)

test('a canvas too narrow for 2 px bars is reported and left white rather than drawn blurred', async () => {
  const { drawn, errors, render, canvas } = m()
  render('661000000002123456')
  await until(() => drawn.length > 0)
  const node = canvas()
  render('661000000002123456', { width: 150 })
  await until(() => errors.length > 0)
  expect(errors).toEqual(['too-small'])
  expect(canvas()).toBe(node)
  expect(node.width).toBe(300)
  expect(contextOf(node).isBlank()).toBe(true)
}, 20000)

test('a QR on the same canvas scans as the code; a value no barcode can hold is reported and not drawn', async () => {
  const { drawn, errors, render, canvas } = m()
  render('669999999999999999', { kind: 'qr', width: 200, height: 200 })
  await until(() => drawn.length > 0)
  expect(drawn[0]).toMatchObject({ kind: 'qr', widthPx: 400, heightPx: 400 })
  // Drawn in CSS px with whole-px modules and scaled up ×2 by the page: each module a whole, even number of device px.
  expect([canvas().width, canvas().height]).toEqual([200, 200])
  expect(drawn[0].modulePx).toBeGreaterThanOrEqual(2)
  expect(drawn[0].modulePx % 2).toBe(0)
  expect(contextOf(canvas()).decode('qr')).toBe('669999999999999999')

  // Code 128 set C takes pairs of digits only: an odd count cannot be drawn.
  render('1234567', { kind: 'barcode', width: 200, height: 200 })
  await until(() => errors.length > 0)
  expect(errors).toEqual(['invalid-value'])
  expect(contextOf(canvas()).isBlank()).toBe(true)
}, 20000)

test('a link is no member code: refused by the default encoder, and drawn as a QR that scans with textQr', async () => {
  const link = 'http://127.0.0.1:10086/#/packages/join/index?invite=MC00042'
  const { drawn, errors, render, canvas } = m()
  render(link, { kind: 'qr', width: 200, height: 200 })
  await until(() => errors.length > 0)
  expect(errors).toEqual(['invalid-value'])
  expect(contextOf(canvas()).isBlank()).toBe(true)

  render(link, { kind: 'qr', width: 200, height: 200, qr: textQr })
  await until(() => drawn.length > 0)
  expect(contextOf(canvas()).decode('qr')).toBe(link)
}, 20000)
