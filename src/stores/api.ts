/** The app's one API client, wired to the session store for tokens and re-login. */
import { createClient, type ApiClient } from '@/api/client'
import { createTransport } from '@/backend'

let client: ApiClient | null = null
let hooks: { getToken: () => string | null; relogin: () => Promise<string>; onClockOffset: (ms: number) => void } | null = null

/** Called once by the session store. */
export function connectSession(h: NonNullable<typeof hooks>): void {
  hooks = h
}

export function api(): ApiClient {
  if (!client) {
    client = createClient({
      transport: createTransport(),
      getToken: () => hooks?.getToken() ?? null,
      relogin: () => {
        if (!hooks) return Promise.reject(new Error('session store not connected'))
        return hooks.relogin()
      },
      onClockOffset: (ms) => hooks?.onClockOffset(ms),
    })
  }
  return client
}

/** Tests swap the transport by dropping the client. */
export function resetApiClient(): void {
  client = null
}
