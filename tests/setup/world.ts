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
  /** The code secret on the phone signed in last, as the sign-in brought it. */
  type PhoneSecret = { cardId: string; secret: Uint8Array }
  let phone: PhoneSecret = { cardId: '', secret: new Uint8Array() }
  async function signIn(into: PhoneSecret) {
    const session = await client.personaLogin({ persona, device: 'device-0001' })
    memberToken = session.token
    if (!session.codeSecret) throw new Error(`${persona}'s sign-in came without a code secret`)
    into.cardId = session.codeSecret.cardId
    into.secret = hexToBytes(session.codeSecret.secret)
  }
  const client: ApiClient = createClient({
    transport,
    getToken: () => memberToken,
    getTillKey: () => tillKey,
    getStaffKey: () => staffKey,
    // As the app does: a silent re-login when the session has expired (the phone keeps its new secret).
    relogin: async () => {
      await signIn(phone)
      return memberToken ?? ''
    },
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
    /** Sign in as a persona on a phone, which keeps the code secret that comes with the sign-in. */
    async phone(who: PersonaId) {
      persona = who
      // A sign-in as another phone: the one before keeps the secret it had.
      const own: PhoneSecret = { cardId: '', secret: new Uint8Array() }
      phone = own
      await signIn(own)
      const codeAt = (t: number) => memberCodeAt(own.cardId, own.secret, t)
      return { cardId: own.cardId, codeAt, code: () => codeAt(clock), memberId: `m-${who}` }
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
