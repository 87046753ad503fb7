/** Who is signed in: the session token, the member behind it, the demo persona, the clock offset. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import { PERSONA_IDS, type PersonaId, type Session } from '@/api/contract'
import { deviceId, loginCode } from '@/adapters/device'
import { api, connectSession } from './api'
import { taroPersistStorage } from './persist-storage'

interface SessionState {
  token: string | null
  memberId: string | null
  persona: PersonaId | null
  /** Server time minus phone time, from the last response. */
  clockOffsetMs: number
  /** Sign in (once per launch; again after sign-out). A persona link signs in as that persona. */
  ready: (persona?: PersonaId | null) => Promise<void>
  login: () => Promise<string>
  loginAsPersona: (persona: PersonaId) => Promise<void>
  /** The member just joined. */
  joined: (memberId: string) => void
  signOut: () => Promise<void>
}

let readyPromise: Promise<void> | null = null

const initial = { token: null, memberId: null, persona: null, clockOffsetMs: 0 }

export const useSession = create<SessionState>()(
  persist(
    (set, get) => {
      const adopt = (s: Session) => set({ token: s.token, memberId: s.memberId, persona: s.persona })
      return {
        ...initial,
        ready(persona) {
          if (persona && persona !== get().persona) readyPromise = null
          if (!readyPromise) {
            readyPromise = (async () => {
              if (persona && persona !== get().persona) await get().loginAsPersona(persona)
              else if (!get().token) await get().login()
            })()
            // A failed attempt (offline) is retried on the next call.
            readyPromise.catch(() => {
              readyPromise = null
            })
          }
          return readyPromise
        },
        async login() {
          const persona = get().persona
          if (persona) {
            await get().loginAsPersona(persona)
          } else {
            adopt(await api().login({ code: await loginCode(), device: deviceId() }))
          }
          return get().token ?? ''
        },
        async loginAsPersona(persona) {
          adopt(await api().personaLogin({ persona, device: deviceId() }))
        },
        joined(memberId) {
          set({ memberId })
        },
        async signOut() {
          try {
            if (get().token) await api().logout({})
          } catch {
            // Signing out works offline too: the token is dropped here either way.
          }
          readyPromise = null
          set({ ...initial })
        },
      }
    },
    {
      name: 'mc.session',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ token: s.token, memberId: s.memberId, persona: s.persona, clockOffsetMs: s.clockOffsetMs }),
      // Anything stored that does not look like a session is dropped: the app signs in again.
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({
            token: v.nullable(v.string()),
            memberId: v.nullable(v.string()),
            persona: v.nullable(v.picklist(PERSONA_IDS)),
            clockOffsetMs: v.number(),
          }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)

connectSession({
  getToken: () => useSession.getState().token,
  relogin: () => useSession.getState().login(),
  onClockOffset: (clockOffsetMs) => {
    if (Math.abs(clockOffsetMs - useSession.getState().clockOffsetMs) > 500) useSession.setState({ clockOffsetMs })
  },
})

/** Tests start each case signed out. */
export function resetSessionForTests(): void {
  readyPromise = null
  useSession.setState({ ...initial })
}
