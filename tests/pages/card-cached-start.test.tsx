/**
 * A returning member opens the app on the card tab: the card kept from the last visit (points, tier,
 * when it was synced) is on the page before the app asks the backend for anything, and the refresh
 * that follows replaces it with the backend's figures.
 */
import { renderApp, waitForText } from '../setup/render-app'
import { storeBackendState, storeSession, storedValue, wire } from '../setup/wire'
import type { Db } from '../../mock/engine/db'
import { ORDINARY_MORNING, testClock } from '../setup/clock'
import { formatPoints } from '@/domain/money'
import { formatClock } from '@/domain/time'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

const clock = testClock()

/** The points shown, the whole page's text and the requests sent so far, when the points first appeared. */
let firstPoints: { text: string; page: string; requests: number } | null = null
const observer = new MutationObserver(() => {
  const el = document.querySelector('.member-card__points-value')
  if (firstPoints || !el?.textContent?.trim()) return
  firstPoints = { text: el.textContent.trim(), page: document.body.textContent ?? '', requests: wire.requests.length }
})

const CACHED_POINTS = 1234
const CACHED_AT = ORDINARY_MORNING - 3_600_000
/** The points the backend has for the member now. */
let backendPoints = 0

beforeAll(() => {
  clock.at(ORDINARY_MORNING)
  // Yesterday's visit: the backend's state (in-process, so on the phone), a silver member's session,
  // and the card as the app cached it then, with fewer points than the backend has now.
  const { Engine } = jest.requireActual('../../mock/engine/engine') as typeof import('../../mock/engine/engine')
  const { createBackend } = jest.requireActual('../../mock/router') as typeof import('../../mock/router')
  const engine = new Engine(null, { now: () => Date.now() })
  const session = engine.personaLogin('silver')
  const backend = createBackend(engine)
  const get = (path: string) =>
    backend.dispatch({ method: 'GET', path, headers: { authorization: `Bearer ${session.token}` }, timeoutMs: 1000 })
      .body
  const fresh = get('/me') as Record<string, unknown> & { points: number }
  backendPoints = fresh.points
  const card = { ...fresh, points: CACHED_POINTS }
  storeBackendState(engine.db as Db)
  storeSession(session, 'silver')
  localStorage.setItem(
    'mc.card',
    storedValue({
      state: { card, programme: get('/programme'), lastSyncAt: CACHED_AT },
      version: 1,
    }),
  )
  wire.reset()
  observer.observe(document, { childList: true, subtree: true, characterData: true })
})

afterAll(() => observer.disconnect())

test('the cached card is on the page before any request, then the refresh brings the backend’s figures', async () => {
  await renderApp('pages/card/index')
  await waitForText('林小满')
  expect(firstPoints).toMatchObject({ text: formatPoints(CACHED_POINTS), requests: 0 })
  // With the tier and the time it was synced, as kept.
  expect(firstPoints?.page).toContain('银卡')
  expect(firstPoints?.page).toContain(`${formatClock(CACHED_AT)} 同步`)
  // Then the refresh: the card comes from the backend and the points count to its figure.
  expect(backendPoints).not.toBe(CACHED_POINTS)
  await waitForText(formatPoints(backendPoints), 6000)
  expect(wire.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toContain('GET /me')
})
