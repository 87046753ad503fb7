/**
 * A returning member opens the code page with no signal: the secret and the session are on the
 * phone, so the page draws a code a till accepts, and it does so before the app sends anything or
 * builds its in-process backend.
 */
import Taro from '@tarojs/taro'
import { installFakeCanvas } from '../setup/fake-canvas'
import { renderApp, waitForText } from '../setup/render-app'
import { storeBackendState, storeSession, storedBackendState, storedValue, wire } from '../setup/wire'
import type { Db } from '../../mock/engine/db'
import { testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// Every Engine the app builds is counted (its in-process backend builds one on its first request).
jest.mock('../../mock/engine/engine', () => {
  const actual = jest.requireActual('../../mock/engine/engine') as typeof import('../../mock/engine/engine')
  class CountedEngine extends actual.Engine {
    static built = 0
    constructor(...args: ConstructorParameters<typeof actual.Engine>) {
      super(...args)
      CountedEngine.built++
    }
  }
  return { ...actual, Engine: CountedEngine }
})

const clock = testClock()

/** Engines the app has built so far. */
const enginesBuilt = () => (require('../../mock/engine/engine').Engine as { built: number }).built

let firstDark: { requests: number; engines: number } | null = null
// What had happened when the first dark module was drawn on any canvas.
const canvases = installFakeCanvas(() => {
  firstDark ??= { requests: wire.requests.length, engines: enginesBuilt() }
})

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

/** What Taro's H5 storage keeps under a key. */

/** The code a scanner reads off the page's canvas `id`, or null while it cannot be read. */
function scan(id: string, kind: 'qr' | 'barcode'): string | null {
  const el = document.querySelector<HTMLCanvasElement>(`#${id} canvas`)
  const ctx = el ? canvases.drawnOn(el) : undefined
  try {
    return ctx ? ctx.decode(kind) : null
  } catch {
    return null
  }
}

let tillId: string
let storeId: string

beforeAll(() => {
  // Yesterday's visit left on the phone: the backend's state (in-process, so it is on the phone
  // too), a silver member's session and code secret. Built here with the real Engine, not counted.
  const { Engine } = jest.requireActual('../../mock/engine/engine') as typeof import('../../mock/engine/engine')
  const seed = new Engine(null, { now: () => Date.now() })
  const session = seed.personaLogin('silver')
  const secret = seed.issueCodeSecret(session.memberId)
  storeBackendState(seed.db as Db)
  storeSession(session, 'silver')
  localStorage.setItem(
    'mc.code',
    storedValue({ state: { secret: { memberId: session.memberId, ...secret }, stale: false }, version: 1 }),
  )
  tillId = seed.db.tills[0].id
  storeId = seed.stores()[0].id
  Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: 2 })
  setOnline(false)
  wire.reset()
})

test('offline, a returning member sees a code the till accepts, drawn before any request and before the backend is built', async () => {
  expect(enginesBuilt()).toBe(0)
  const queries = jest.spyOn(Taro, 'createSelectorQuery')
  await renderApp('pages/code/index')
  await waitForText(/661 \*\*\* \*\*\* \*\*\* \*\*\* \d{3}/)

  // Both symbols drawn from what is on the phone, and they agree.
  let barcode: string | null = null
  let qr: string | null = null
  const start = Date.now()
  while (!(barcode && qr && barcode === qr)) {
    if (Date.now() - start > 4000) throw new Error(`not drawn: barcode ${barcode}, QR ${qr}`)
    await new Promise((r) => setTimeout(r, 20))
    barcode = scan('member-barcode', 'barcode')
    qr = scan('member-qr', 'qr')
  }
  expect(barcode).toMatch(/^661000000002\d{6}$/)
  // Nothing had been sent and no backend built when the first bar went onto a canvas.
  expect(firstDark).toEqual({ requests: 0, engines: 0 })
  // H5 finds its canvases in the page's own DOM, without Taro's polling selector query.
  expect(queries).not.toHaveBeenCalled()

  // The network comes back: a till on the backend as it now stands takes the code on the screen.
  setOnline(true)
  clock.forward(2000)
  const { Engine } = jest.requireActual('../../mock/engine/engine') as typeof import('../../mock/engine/engine')
  const till = new Engine(storedBackendState(), { now: () => Date.now() })
  const receipt = till.tillCheckout(tillId, { code: barcode ?? '', storeId, amountFen: 5000 })
  expect(receipt.member?.nickname).toBe('林小满')
  expect(receipt.pointsEarned).toBeGreaterThan(0)
}, 20000)

/** The app goes to the background (`hidden`) or comes back, as the browser tells it. */
function setVisible(visible: boolean) {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (visible ? 'visible' : 'hidden'),
  })
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }))
}

test('in the background the code is covered; back on the page it shows again at once, still offline', async () => {
  setOnline(false)
  document.querySelector<HTMLElement>('.code-page__barcode')?.click()
  await waitForText(() => document.querySelector('.code-page__zoom') !== null)
  setVisible(false)
  await waitForText('会员码已隐藏')
  expect(document.querySelector('.code-page__mask')).not.toBeNull()
  // The enlarged code is closed too: nothing of the code is left on screen for the app switcher.
  expect(document.querySelector('.code-page__zoom')).toBeNull()
  setVisible(true)
  await waitForText((text) => !text.includes('会员码已隐藏'))
  expect(scan('member-qr', 'qr')).toMatch(/^661000000002\d{6}$/)
})
