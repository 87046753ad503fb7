/** Who is signed in: the session token, the member behind it, the demo persona, the clock offset. Demo powers are in ./demo. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import { CodeSecretSchema, PERSONA_IDS, type PersonaId, type Session } from '@/api/contract'
import { HttpError } from '@/api/errors'
import { forgetCardSnapshot } from '@/adapters/card-snapshot'
import { deviceId, loginCode } from '@/adapters/device'
import { api, connectSession } from './api'
import { taroPersistStorage } from './persist-storage'
import { staffKeyForRequests } from './staff'
import { tillKeyForRequests } from './till'

/** A member-code secret as the phone keeps it: with whose it is (the session's and the code store's). */
export const MemberCodeSecretSchema = v.object({ memberId: v.string(), ...CodeSecretSchema.entries })
export type MemberCodeSecret = v.InferOutput<typeof MemberCodeSecretSchema>

interface SessionState {
  token: string | null
  memberId: string | null
  persona: PersonaId | null
  /** Server time minus phone time, from the last response. */
  clockOffsetMs: number
  /** The member chose 退出登录: nothing signs this device in again until they ask. */
  signedOut: boolean
  /** This phone's account was closed (注销账号) and no card is on it since: the join page says so. */
  closed: boolean
  /**
   * The member-code secret that came with the last sign-in, until the code store takes it (kept on
   * the phone: the sign-in rotated the backend's secret, and the code page may not be open yet).
   */
  issuedCodeSecret: MemberCodeSecret | null
  /**
   * Sign in once per launch (again after a failure). A persona link signs in as that persona, as it
   * is, or rebuilt as of today when the link carried the staff key (`rebuild`); after 退出登录 nothing
   * happens until `signIn`.
   */
  ready: (persona?: PersonaId | null, rebuild?: boolean) => Promise<void>
  /** Sign in again as whoever this device is (device or persona); the silent re-login after a 401. */
  login: () => Promise<string>
  /** 登录 after 退出登录. */
  signIn: () => Promise<void>
  /** Sign in as a demo persona (rebuilt as of today when staff gave their key); this launch is then signed in. */
  switchPersona: (persona: PersonaId) => Promise<void>
  /** The member just joined. */
  joined: (memberId: string) => void
  signOut: () => Promise<void>
  /** The account was closed: its sessions are gone, and a persona is not signed in again here. */
  accountClosed: () => void
}

let readyPromise: Promise<void> | null = null

const initial = {
  token: null,
  memberId: null,
  persona: null,
  clockOffsetMs: 0,
  signedOut: false,
  closed: false,
  issuedCodeSecret: null,
}

export const useSession = create<SessionState>()(
  persist(
    (set, get) => {
      const adopt = (s: Session) =>
        set({
          token: s.token,
          memberId: s.memberId,
          persona: s.persona,
          signedOut: false,
          closed: get().closed && s.memberId === null,
          issuedCodeSecret: s.memberId && s.codeSecret ? { memberId: s.memberId, ...s.codeSecret } : null,
        })
      const personaLogin = async (persona: PersonaId, reset: boolean) =>
        adopt(await api().personaLogin({ persona, device: deviceId(), reset }))
      return {
        ...initial,
        ready(persona, rebuild = false) {
          if (persona && persona !== get().persona) readyPromise = null
          if (!readyPromise) {
            readyPromise = (async () => {
              if (persona && persona !== get().persona) {
                try {
                  await personaLogin(persona, rebuild && staffKeyForRequests() !== null)
                } catch (e) {
                  // A link with a key the backend refuses still signs in, just without the rebuild.
                  if (!(e instanceof HttpError && /^staff_/.test(e.code ?? ''))) throw e
                  await personaLogin(persona, false)
                }
              } else if (!get().token && !get().signedOut) await get().login()
            })()
            // A failed attempt (offline) is tried again on the next call.
            readyPromise.catch(() => {
              readyPromise = null
            })
          }
          return readyPromise
        },
        async login() {
          // A persona saved by a demo build is not who this phone is in a brand build.
          const persona = process.env.TARO_APP_DEMO !== '0' ? get().persona : null
          if (persona) await personaLogin(persona, false)
          else adopt(await api().login({ code: await loginCode(), device: deviceId() }))
          return get().token ?? ''
        },
        async signIn() {
          set({ signedOut: false })
          readyPromise = null
          await get().login()
        },
        async switchPersona(persona) {
          // A rebuild is a staff power: without the staff key the persona is signed in as it is.
          await personaLogin(persona, staffKeyForRequests() !== null)
          readyPromise = Promise.resolve()
        },
        joined(memberId) {
          set({ memberId, closed: false })
        },
        async signOut() {
          try {
            if (get().token) await api().logout({})
          } catch {
            // Signing out works offline too: the token is dropped here either way.
          }
          readyPromise = null
          set({ ...initial, signedOut: true })
        },
        accountClosed() {
          // The next sign-in is this device as itself: a visitor, who may join again.
          readyPromise = null
          set({ ...initial, closed: true })
        },
      }
    },
    {
      name: 'mc.session',
      version: 2,
      storage: taroPersistStorage(),
      partialize: (s) => ({
        token: s.token,
        memberId: s.memberId,
        persona: s.persona,
        clockOffsetMs: s.clockOffsetMs,
        signedOut: s.signedOut,
        closed: s.closed,
        issuedCodeSecret: s.issuedCodeSecret,
      }),
      // Anything stored that does not look like a session is dropped: the app signs in again.
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({
            token: v.nullable(v.string()),
            memberId: v.nullable(v.string()),
            persona: v.nullable(v.picklist(PERSONA_IDS)),
            clockOffsetMs: v.number(),
            signedOut: v.optional(v.boolean(), false),
            closed: v.optional(v.boolean(), false),
            issuedCodeSecret: v.optional(v.nullable(MemberCodeSecretSchema), null),
          }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)

// The card tab's start snapshot shows one member's card: it goes when anyone else (or nobody) is
// signed in, here rather than in the member stores' reset registry because it must go even in a
// launch that never loads the card's store (a persona switched on the 我的 tab).
forgetCardSnapshot(useSession.getState().memberId)
useSession.subscribe((s, prev) => {
  if (s.memberId !== prev.memberId) forgetCardSnapshot(s.memberId)
})

connectSession({
  getToken: () => useSession.getState().token,
  relogin: () => useSession.getState().login(),
  onClockOffset: (clockOffsetMs) => {
    if (Math.abs(clockOffsetMs - useSession.getState().clockOffsetMs) > 500) useSession.setState({ clockOffsetMs })
  },
  savedClockOffset: () => useSession.getState().clockOffsetMs,
  getTillKey: tillKeyForRequests,
  getStaffKey: staffKeyForRequests,
})
