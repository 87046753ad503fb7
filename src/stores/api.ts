/** The app's one API client, wired to the session store for tokens, re-login and the clock offset. */
import { createClient, type ApiClient } from '@/api/client'
import { apiMode, createTransport } from '@/backend'

export { apiMode }

interface SessionHooks {
  getToken: () => string | null
  relogin: () => Promise<string>
  onClockOffset: (ms: number) => void
  /** The offset saved at the last sync, so a cold start offline still has corrected time. */
  savedClockOffset: () => number
  getTillKey: () => string | null
  getStaffKey: () => string | null
}

let client: ApiClient | null = null
let hooks: SessionHooks | null = null

/** Called once by the session store. */
export function connectSession(h: SessionHooks): void {
  hooks = h
}

export function api(): ApiClient {
  if (!client) {
    client = createClient({
      transport: createTransport(),
      getToken: () => hooks?.getToken() ?? null,
      getTillKey: () => hooks?.getTillKey() ?? null,
      getStaffKey: () => hooks?.getStaffKey() ?? null,
      relogin: () => {
        if (!hooks) return Promise.reject(new Error('session store not connected'))
        return hooks.relogin()
      },
      onClockOffset: (ms) => hooks?.onClockOffset(ms),
      initialOffsetMs: hooks?.savedClockOffset() ?? 0,
    })
  }
  return client
}

/** Server time now (phone time corrected by the last known offset). */
export function serverNow(): number {
  // Before the first request, the saved offset does the same without building the client (and the
  // in-process backend behind it) on a cold start's first render.
  return client ? client.serverNow() : Date.now() + (hooks?.savedClockOffset() ?? 0)
}
