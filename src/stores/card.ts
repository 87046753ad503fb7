/** The member card and programme rules, cached so the card shows offline with the time of the last sync. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import { MemberCardSchema, ProgrammeSchema, type MemberCard, type Programme } from '@/api/contract'
import { describeError, HttpError, isOfflineError } from '@/api/errors'
import { api } from './api'
import { taroPersistStorage } from './persist-storage'
import { useSession } from './session'

export type RefreshResult = 'ok' | 'not-member' | 'failed'

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
  setCard: (card: MemberCard) => void
  clear: () => void
}

const initial = { card: null, programme: null, lastSyncAt: null, loading: false, error: null, unreachable: false }

export const useCard = create<CardState>()(
  persist(
    (set, get) => ({
      ...initial,
      async refresh() {
        if (get().loading) return 'ok'
        set({ loading: true })
        try {
          await useSession.getState().ready()
          if (!useSession.getState().memberId) {
            set({ loading: false, card: null })
            return 'not-member'
          }
          const [card, programme] = await Promise.all([api().getMe(), api().getProgramme()])
          if (get().card && get().card?.memberId !== card.memberId) set({ card: null })
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
      },
      setCard(card) {
        set({ card, lastSyncAt: api().serverNow(), error: null, unreachable: false })
      },
      clear() {
        set({ ...initial })
      },
    }),
    {
      name: 'mc.card',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ card: s.card, programme: s.programme, lastSyncAt: s.lastSyncAt }),
      // A cached card that no longer matches the contract is dropped and fetched again.
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({ card: v.nullable(MemberCardSchema), programme: v.nullable(ProgrammeSchema), lastSyncAt: v.nullable(v.number()) }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)
