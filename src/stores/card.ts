/** The member card and programme rules, cached so the card shows offline with the time of the last sync. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import {
  MemberCardSchema,
  ProgrammeSchema,
  type ClaimResult,
  type JoinRequest,
  type MemberCard,
  type Programme,
} from '@/api/contract'
import { describeError, HttpError, isOfflineError } from '@/api/errors'
import { deviceId } from '@/adapters/device'
import { api } from './api'
import { asMember, onMemberChange, valueOf } from './member-scope'
import { taroPersistStorage } from './persist-storage'
import { useSession } from './session'

export type RefreshResult = 'ok' | 'not-member' | 'failed'

export interface ProfilePatch {
  nickname?: string
  birthday?: string
  city?: string
}

interface CardState {
  card: MemberCard | null
  programme: Programme | null
  /** Server time of the last successful sync. */
  lastSyncAt: number | null
  loading: boolean
  /** Chinese copy of the last refresh's failure, null after a success. */
  error: string | null
  /** The last refresh failed for want of a network. */
  unreachable: boolean
  refresh: () => Promise<RefreshResult>
  /** The programme rules, fetched if this launch has none yet (visitors who have not joined too). */
  ensureProgramme: () => Promise<Programme>
  /** Join with the form's fields; the same fields again (a double tap, a retry) are the same join. */
  join: (request: JoinRequest) => Promise<MemberCard>
  updateProfile: (patch: ProfilePatch) => Promise<void>
  /** Claim a receipt's points with its QR token; the card is refreshed after. */
  claimReceipt: (token: string) => Promise<ClaimResult>
  setCard: (card: MemberCard) => void
  clear: () => void
}

const initial = { card: null, programme: null, lastSyncAt: null, loading: false, error: null, unreachable: false }

let inflight: Promise<RefreshResult> | null = null
let queued: Promise<RefreshResult> | null = null

export const useCard = create<CardState>()(
  persist(
    (set, get) => {
      const refreshNow = async (): Promise<RefreshResult> => {
        set({ loading: true })
        try {
          const session = useSession.getState()
          await session.ready()
          // Not a member as far as this phone knows: ask the backend once before sending to join.
          if (!useSession.getState().memberId && !useSession.getState().signedOut) await useSession.getState().login()
          const memberId = useSession.getState().memberId
          if (!memberId) {
            set({ ...initial })
            return 'not-member'
          }
          const answer = await asMember(() => Promise.all([api().getMe(), api().getProgramme()]))
          // Signed in as someone else meanwhile (a persona switch): this answer is not theirs.
          const fetched = valueOf(answer)
          if (!fetched || fetched[0].memberId !== memberId) {
            set({ loading: false })
            return 'failed'
          }
          const [card, programme] = fetched
          set({ card, programme, lastSyncAt: api().serverNow(), loading: false, error: null, unreachable: false })
          return 'ok'
        } catch (error) {
          if (error instanceof HttpError && error.code === 'not_member') {
            useSession.setState({ memberId: null })
            set({ ...initial })
            return 'not-member'
          }
          set({ loading: false, error: describeError(error), unreachable: isOfflineError(error) })
          return 'failed'
        }
      }
      return {
        ...initial,
        refresh() {
          // One refresh at a time; a request made meanwhile (a checkout just seen) gets one more after it.
          if (inflight) {
            if (!queued)
              queued = inflight.then(() => {
                queued = null
                return get().refresh()
              })
            return queued
          }
          inflight = refreshNow().finally(() => {
            inflight = null
          })
          return inflight
        },
        async ensureProgramme() {
          const cached = get().programme
          if (cached) return cached
          const programme = await api().getProgramme()
          set({ programme })
          return programme
        },
        async join(request) {
          // The same fields again (a double tap, a retry after a lost answer) are the same join.
          const card = valueOf(
            await asMember(
              async ({ idempotencyKey }) => {
                if (!useSession.getState().token) await useSession.getState().signIn()
                // The install's id, as at sign-in: a friend joining on the inviter's own phone is not an invitation.
                return api().join({ ...request, device: deviceId() }, { idempotencyKey })
              },
              { attempt: `join:${JSON.stringify(request)}` },
            ),
          )
          if (!card) throw new Error('signed in as another member meanwhile')
          useSession.getState().joined(card.memberId)
          const programme =
            get().programme ??
            (await api()
              .getProgramme()
              .catch(() => null))
          set({ card, programme, lastSyncAt: api().serverNow(), error: null, unreachable: false })
          return card
        },
        async updateProfile(patch) {
          const card = valueOf(await asMember(() => api().updateProfile(patch)))
          if (card) get().setCard(card)
        },
        async claimReceipt(token) {
          // A claim whose answer never came is retried with the same key; anything else is a new claim.
          const result = valueOf(
            await asMember(({ idempotencyKey }) => api().claimReceipt({ token }, { idempotencyKey }), {
              attempt: `claim:${token}`,
            }),
          )
          if (!result) throw new Error('signed in as another member meanwhile')
          void get().refresh()
          return result
        },
        setCard(card) {
          set({ card, lastSyncAt: api().serverNow(), error: null, unreachable: false })
        },
        clear() {
          set({ ...initial })
        },
      }
    },
    {
      name: 'mc.card',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ card: s.card, programme: s.programme, lastSyncAt: s.lastSyncAt }),
      // A cached card that no longer matches the contract is dropped and fetched again. The rules are
      // checked on their own: rules cached by an older version (fewer fields) must not cost the offline card.
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({ card: v.nullable(MemberCardSchema), lastSyncAt: v.nullable(v.number()) }),
          persisted,
        )
        if (!parsed.success) return current
        const programme = v.safeParse(ProgrammeSchema, (persisted as { programme?: unknown }).programme)
        return { ...current, ...parsed.output, programme: programme.success ? programme.output : null }
      },
    },
  ),
)

// A card belongs to one member: when the session's member changes, the cached card goes.
onMemberChange({
  changed: (memberId) => {
    if (useCard.getState().card?.memberId !== memberId)
      useCard.setState({ card: null, lastSyncAt: null, error: null, unreachable: false })
  },
})

/** The cached card if it is the signed-in member's, else null. */
export function useOwnCard(): MemberCard | null {
  const card = useCard((s) => s.card)
  const memberId = useSession((s) => s.memberId)
  return card && card.memberId === memberId ? card : null
}
