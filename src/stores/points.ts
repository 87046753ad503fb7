/** Points, the ledger, the rewards mall, the wallet and messages: what the points, tier and rewards pages show. */
import { create } from 'zustand'
import type { LedgerEntry, LedgerType, Message, PointsSummary, Reward, WalletItem } from '@/api/contract'
import { randomKey } from '@/api/client'
import { describeError, isOfflineError } from '@/api/errors'
import { api } from './api'
import { useCard } from './card'
import { useSession } from './session'

export const LEDGER_PAGE_SIZE = 30

interface LedgerState {
  /** null: all types. */
  type: LedgerType | null
  entries: LedgerEntry[]
  nextCursor: number | null
  total: number
  loading: boolean
  /** Chinese copy of the last failure, null after a success. */
  error: string | null
}

interface PointsState {
  summary: PointsSummary | null
  summaryError: string | null
  ledger: LedgerState
  rewards: Reward[]
  rewardsError: string | null
  wallet: WalletItem[]
  messages: Message[]
  loadSummary: () => Promise<void>
  /** Start the ledger over (a new filter, or pull-down refresh). */
  loadLedger: (type: LedgerType | null) => Promise<void>
  /** The next (older) page; does nothing at the end or while a page is on its way. */
  loadMore: () => Promise<void>
  loadRewards: () => Promise<void>
  loadWallet: () => Promise<void>
  loadMessages: () => Promise<void>
  /** Redeem a reward: one key per attempt, reused only when an answer may have been lost. */
  redeem: (rewardId: string) => Promise<WalletItem>
}

const emptyLedger: LedgerState = { type: null, entries: [], nextCursor: null, total: 0, loading: false, error: null }
let pendingRedeem: { rewardId: string; key: string } | null = null
/** Bumped whenever the ledger starts over: an older page arriving late is dropped. */
let ledgerGeneration = 0

export const usePoints = create<PointsState>()((set, get) => ({
  summary: null,
  summaryError: null,
  ledger: emptyLedger,
  rewards: [],
  rewardsError: null,
  wallet: [],
  messages: [],
  async loadSummary() {
    try {
      await useSession.getState().ready()
      const memberId = useSession.getState().memberId
      const summary = await api().getPoints()
      // Signed in as someone else meanwhile: not theirs.
      if (useSession.getState().memberId === memberId) set({ summary, summaryError: null })
    } catch (error) {
      set({ summaryError: describeError(error) })
    }
  },
  async loadLedger(type) {
    const generation = ++ledgerGeneration
    set({ ledger: { ...emptyLedger, type, loading: true } })
    try {
      await useSession.getState().ready()
      const memberId = useSession.getState().memberId
      const page = await api().getLedger({ ...(type ? { type } : {}), limit: LEDGER_PAGE_SIZE })
      // A newer load started, or another member signed in meanwhile: this page is not wanted.
      if (generation !== ledgerGeneration || useSession.getState().memberId !== memberId) return
      set({ ledger: { type, entries: page.entries, nextCursor: page.nextCursor, total: page.total, loading: false, error: null } })
    } catch (error) {
      if (generation === ledgerGeneration) set({ ledger: { ...get().ledger, loading: false, error: describeError(error) } })
    }
  },
  async loadMore() {
    const { ledger } = get()
    if (ledger.loading || !ledger.nextCursor) return
    const generation = ledgerGeneration
    const memberId = useSession.getState().memberId
    set({ ledger: { ...ledger, loading: true, error: null } })
    try {
      const page = await api().getLedger({ ...(ledger.type ? { type: ledger.type } : {}), cursor: ledger.nextCursor, limit: LEDGER_PAGE_SIZE })
      if (generation !== ledgerGeneration || useSession.getState().memberId !== memberId) return
      const now = get().ledger
      set({ ledger: { ...now, entries: [...now.entries, ...page.entries], nextCursor: page.nextCursor, total: page.total, loading: false } })
    } catch (error) {
      if (generation === ledgerGeneration) set({ ledger: { ...get().ledger, loading: false, error: describeError(error) } })
    }
  },
  async loadRewards() {
    try {
      set({ rewards: await api().listRewards(), rewardsError: null })
    } catch (error) {
      set({ rewardsError: describeError(error) })
    }
  },
  async loadWallet() {
    await useSession.getState().ready()
    const memberId = useSession.getState().memberId
    const { items } = await api().getWallet()
    if (useSession.getState().memberId === memberId) set({ wallet: items })
  },
  async loadMessages() {
    await useSession.getState().ready()
    const memberId = useSession.getState().memberId
    const { messages } = await api().getMessages()
    if (useSession.getState().memberId === memberId) set({ messages })
  },
  async redeem(rewardId) {
    if (!pendingRedeem || pendingRedeem.rewardId !== rewardId) pendingRedeem = { rewardId, key: randomKey() }
    const memberId = useSession.getState().memberId
    try {
      const { item } = await api().redeemReward({ rewardId }, { idempotencyKey: pendingRedeem.key })
      pendingRedeem = null
      if (useSession.getState().memberId === memberId) set({ wallet: [item, ...get().wallet.filter((w) => w.id !== item.id)] })
      // The balance, the expiring lines, the stock and the card all changed.
      void Promise.all([get().loadSummary(), get().loadRewards(), useCard.getState().refresh()])
      return item
    } catch (error) {
      if (!isOfflineError(error)) pendingRedeem = null
      throw error
    }
  },
}))

// Another member's points never show: everything here goes when the member changes.
useSession.subscribe((s, prev) => {
  // Another member: everything goes (late answers for the previous one are dropped by member id).
  if (s.memberId !== prev.memberId) {
    ledgerGeneration++
    usePoints.setState({ summary: null, ledger: emptyLedger, wallet: [], messages: [] })
  }
})
