/** Points, the ledger, the rewards mall and the wallet: what the points and rewards pages show (messages: stores/inbox.ts). */
import { create } from 'zustand'
import type { LedgerEntry, LedgerType, PointsSummary, Reward, WalletItem } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'
import { useCard } from './card'
import { asMember, onMemberChange, valueOf } from './member-scope'

export const LEDGER_PAGE_SIZE = 30

interface LedgerState {
  /** null: all types. */
  type: LedgerType | null
  entries: LedgerEntry[]
  nextCursor: number | null
  total: number
  loading: boolean
  /** A page (or a failure) has come for this member and filter: an empty list now means no entries. */
  answered: boolean
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
  loadSummary: () => Promise<void>
  /** Start the ledger over (a new filter, or pull-down refresh). */
  loadLedger: (type: LedgerType | null) => Promise<void>
  /** The next (older) page; does nothing at the end or while a page is on its way. */
  loadMore: () => Promise<void>
  loadRewards: () => Promise<void>
  loadWallet: () => Promise<void>
  /** Redeem a reward: one key per attempt, reused only when an answer may have been lost. */
  redeem: (rewardId: string) => Promise<WalletItem>
}

const emptyLedger: LedgerState = {
  type: null,
  entries: [],
  nextCursor: null,
  total: 0,
  loading: false,
  answered: false,
  error: null,
}
/** Bumped whenever the ledger starts over: an older page arriving late is dropped. */
let ledgerGeneration = 0

export const usePoints = create<PointsState>()((set, get) => ({
  summary: null,
  summaryError: null,
  ledger: emptyLedger,
  rewards: [],
  rewardsError: null,
  wallet: [],
  async loadSummary() {
    const answer = await asMember(() => api().getPoints(), { signIn: true })
    // Signed in as someone else meanwhile: not theirs.
    if (answer.mine)
      set(answer.ok ? { summary: answer.value, summaryError: null } : { summaryError: describeError(answer.error) })
  },
  async loadLedger(type) {
    const generation = ++ledgerGeneration
    set({ ledger: { ...emptyLedger, type, loading: true } })
    const answer = await asMember(() => api().getLedger({ ...(type ? { type } : {}), limit: LEDGER_PAGE_SIZE }), {
      signIn: true,
    })
    // A newer load started, or another member signed in meanwhile: this page is not wanted.
    if (generation !== ledgerGeneration || !answer.mine) return
    if (!answer.ok)
      return set({ ledger: { ...get().ledger, loading: false, answered: true, error: describeError(answer.error) } })
    const page = answer.value
    set({
      ledger: {
        type,
        entries: page.entries,
        nextCursor: page.nextCursor,
        total: page.total,
        loading: false,
        answered: true,
        error: null,
      },
    })
  },
  async loadMore() {
    const { ledger } = get()
    if (ledger.loading || !ledger.nextCursor) return
    const generation = ledgerGeneration
    set({ ledger: { ...ledger, loading: true, error: null } })
    const cursor = ledger.nextCursor
    const answer = await asMember(() =>
      api().getLedger({ ...(ledger.type ? { type: ledger.type } : {}), cursor, limit: LEDGER_PAGE_SIZE }),
    )
    if (generation !== ledgerGeneration || !answer.mine) return
    if (!answer.ok) return set({ ledger: { ...get().ledger, loading: false, error: describeError(answer.error) } })
    const now = get().ledger
    const page = answer.value
    set({
      ledger: {
        ...now,
        entries: [...now.entries, ...page.entries],
        nextCursor: page.nextCursor,
        total: page.total,
        loading: false,
      },
    })
  },
  async loadRewards() {
    // The catalogue is the same for everyone (each member's eligibility is worked out on the page).
    try {
      set({ rewards: await api().listRewards(), rewardsError: null })
    } catch (error) {
      set({ rewardsError: describeError(error) })
    }
  },
  async loadWallet() {
    const answer = await asMember(() => api().getWallet(), { signIn: true })
    const wallet = valueOf(answer)
    if (wallet) set({ wallet: wallet.items })
  },
  async redeem(rewardId) {
    // One key per attempt, reused only when an answer may have been lost.
    const answer = await asMember(({ idempotencyKey }) => api().redeemReward({ rewardId }, { idempotencyKey }), {
      attempt: `redeem:${rewardId}`,
    })
    const redeemed = valueOf(answer)
    if (!redeemed) throw new Error('signed in as another member meanwhile')
    const { item } = redeemed
    set({ wallet: [item, ...get().wallet.filter((w) => w.id !== item.id)] })
    // The balance, the expiring lines, the stock and the card all changed.
    void Promise.all([get().loadSummary(), get().loadRewards(), useCard.getState().refresh()])
    return item
  },
}))

// Another member's points never show: everything here goes when the member changes (late answers
// for the previous one are dropped by asMember).
onMemberChange({
  changed: (memberId) => {
    const was = usePoints.getState()
    const ledgerWanted = was.ledger.loading || was.ledger.answered
    const summaryWanted = was.summary !== null || was.summaryError !== null
    ledgerGeneration++
    usePoints.setState({ summary: null, summaryError: null, ledger: emptyLedger, wallet: [] })
    if (!memberId) return
    // What was asked for (a page open at launch while a persona link signed in, whether its answer had
    // come or not) is fetched again for the new member: the reset is never read as their answer
    // (「还没有积分记录」 under their balance).
    if (ledgerWanted) void usePoints.getState().loadLedger(was.ledger.type)
    if (summaryWanted) void usePoints.getState().loadSummary()
  },
})
