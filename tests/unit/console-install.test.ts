/**
 * @jest-environment node
 *
 * The console's handlers are installed apart from the router's (so the app's main package does not
 * carry them): before they are installed the route answers a clear 503, after it the segments.
 */
import type { TransportRequest } from '@/api/transport'

const T0 = Date.UTC(2026, 10, 28, 2)
const ask: TransportRequest = {
  method: 'GET',
  path: '/staff/console/segments',
  headers: { 'x-staff-key': 'DEMO-STAFF-1' },
  timeoutMs: 1000,
}

test('a backend without the console part says so in Chinese; installed, it answers', async () => {
  await jest.isolateModulesAsync(async () => {
    const { Engine } = await import('../../mock/engine/engine')
    const { createBackend, installHandlers } = await import('../../mock/router')
    const backend = createBackend(new Engine(null, { now: () => T0 }))
    const before = await backend.dispatch(ask)
    expect(before.status).toBe(503)
    expect(before.body).toEqual({
      error: { code: 'service_not_loaded', message: '这项服务还没有加载，请返回后重新打开' },
    })

    const { consoleHandlers } = await import('../../mock/parts/console')
    installHandlers(consoleHandlers)
    const after = await backend.dispatch(ask)
    expect(after.status).toBe(200)
    expect((after.body as { segments: unknown[] }).segments.length).toBeGreaterThan(0)
  })
})
