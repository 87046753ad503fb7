/**
 * A backend on a clock the test moves, with one client that is a member's phone, a till (key
 * DEMO-TILL-1, 徐汇滨江店's) and staff (the demo staff key, sent only on staff routes), talking
 * through the in-process transport as the app does.
 */
import { createClient, type ApiClient } from '@/api/client'
import type { PersonaId } from '@/api/contract'
import { HttpError } from '@/api/errors'
import { createLocalTransport } from '@/api/transports/local'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { Engine } from '../../mock/engine/engine'
import { createBackend, DEMO_STAFF_KEY, type BackendOptions } from '../../mock/router'
import { installAllParts } from '../../mock/parts'

// The console's handlers, as the HTTP server installs them (the app installs them with its page).
installAllParts()

export function world(start: number, options: BackendOptions = {}) {
  let clock = start
  const engine = new Engine(null, { now: () => clock })
  const backend = createBackend(engine, options)
  const transport = createLocalTransport({ handle: (r) => backend.dispatch(r) })
  let memberToken: string | null = null
  let persona: PersonaId = 'new'
  let tillKey: string | null = 'DEMO-TILL-1'
  let staffKey: string | null = DEMO_STAFF_KEY
  const client: ApiClient = createClient({
    transport,
    getToken: () => memberToken,
    getTillKey: () => tillKey,
    getStaffKey: () => staffKey,
    // As the app does: a silent re-login when the session has expired.
    relogin: async () => (memberToken = (await client.personaLogin({ persona, device: 'device-0001' })).token),
    sleep: async () => undefined,
    now: () => clock,
  })
  return {
    engine,
    client,
    advance: (ms: number) => (clock += ms),
    now: () => clock,
    setTill: (k: string | null) => (tillKey = k),
    setStaff: (k: string | null) => (staffKey = k),
    /** The member session's token (to call the backend by hand). */
    token: () => memberToken,
    /** Sign in as a persona on a phone and provision its code secret. */
    async phone(who: PersonaId) {
      persona = who
      memberToken = (await client.personaLogin({ persona, device: 'device-0001' })).token
      const { cardId, secret } = await client.issueCodeSecret({})
      const codeAt = (t: number) => memberCodeAt(cardId, hexToBytes(secret), t)
      return { cardId, codeAt, code: () => codeAt(clock), memberId: `m-${who}` }
    },
  }
}

/** The HttpError a call is refused with (any other outcome fails the test). */
export async function refusedWith(p: Promise<unknown>): Promise<HttpError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  )
  if (!(e instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(e)}`)
  return e
}
