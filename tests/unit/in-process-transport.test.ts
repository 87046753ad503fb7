// The in-app backend's wire: its code starts loading as the first request is sent, and a download
// that failed (the network dropped mid-way) is tried again at the next request instead of for ever.
import { createLocalTransport } from '@/api/transports/local'
import { createInProcessTransport } from '@/backend/in-process'
import { NetworkError } from '@/api/errors'
import type { TransportRequest } from '@/api/transport'

const programme: TransportRequest = { method: 'GET', path: '/programme', headers: {}, timeoutMs: 5000 }

// Whether loading the backend's chunk fails, as an H5 chunk download does with no network.
let mockChunkFails = false
jest.mock('@/backend/mock-modules', () => {
  if (mockChunkFails) throw new Error('Loading chunk mock-modules failed')
  return jest.requireActual('@/backend/mock-modules')
})

afterEach(() => {
  mockChunkFails = false
  localStorage.clear()
})

describe('the local transport', () => {
  test('prepares the backend as the request is sent, before the round trip, and answers after it', async () => {
    const steps: string[] = []
    const send = createLocalTransport({
      latencyMs: 30,
      prepare: () => steps.push('prepare'),
      handle: () => {
        steps.push('handle')
        return { status: 200, headers: {}, body: { ok: true } }
      },
    })
    const answer = send(programme)
    expect(steps).toEqual(['prepare'])
    await expect(answer).resolves.toMatchObject({ status: 200, body: { ok: true } })
    expect(steps).toEqual(['prepare', 'handle'])
  })

  test('offline: nothing is prepared or handled, and the request fails as a network error', async () => {
    const steps: string[] = []
    const send = createLocalTransport({
      isOnline: () => false,
      prepare: () => steps.push('prepare'),
      handle: () => {
        steps.push('handle')
        return { status: 200, headers: {}, body: {} }
      },
    })
    await expect(send(programme)).rejects.toBeInstanceOf(NetworkError)
    expect(steps).toEqual([])
  })
})

describe('the in-app backend', () => {
  test('a failed download of its code fails that request only: the next one loads it and is answered', async () => {
    const send = createInProcessTransport()
    mockChunkFails = true
    await expect(send(programme)).rejects.toThrow('Loading chunk mock-modules failed')
    mockChunkFails = false
    const answer = await send(programme)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ tiers: expect.any(Array) })
  })
})
