/** 体验官: the trials, where this member stands in each, applying and giving feedback (both value moves, idempotent). */
import { create } from 'zustand'
import type { MyTrials, RequestOf, Trial } from '@/api/contract'
import { describeError, isOfflineError } from '@/api/errors'
import { api } from './api'
import { useCard } from './card'
import { asMember, endMemberAttempts, onMemberChange } from './member-scope'

interface OfficerState {
  trials: Trial[]
  officer: MyTrials['officer'] | null
  loading: boolean
  answered: boolean
  /** Chinese copy of the last load's failure, null after a success. */
  error: string | null
  /** Trials with an application or feedback on its way (a second tap waits for the first). */
  busy: string[]
  load: () => Promise<void>
  /** Apply with an optional note on taste; resolves to the trial as it is now, or throws the backend's reason. */
  apply: (trialId: string, note: string) => Promise<Trial>
  /** Send the feedback form; resolves to the points earned. */
  sendFeedback: (input: RequestOf<'sendTrialFeedback'>) => Promise<number>
}

/** Applications and feedback sent so far: a list fetched before the last one was sent cannot tell whether it landed. */
let movesSent = 0

export const useOfficer = create<OfficerState>()((set, get) => {
  const replace = (trial: Trial) => set({ trials: get().trials.map((t) => (t.id === trial.id ? trial : t)) })
  /** Run a value move for a trial once at a time; a refusal or an answer brings the list up to date. */
  async function move<T>(trialId: string, attempt: string, run: (key: string) => Promise<T>): Promise<T> {
    if (get().busy.includes(trialId)) throw new Error('busy')
    set({ busy: [...get().busy, trialId] })
    movesSent++
    const answer = await asMember(({ idempotencyKey }) => run(idempotencyKey), { attempt })
    set({ busy: get().busy.filter((id) => id !== trialId) })
    if (!answer.mine) throw new Error('signed in as another member meanwhile')
    if (!answer.ok) {
      // Refused: what was shown was out of date. Offline: the attempt stays open, a new tap resends it.
      if (!isOfflineError(answer.error)) void get().load()
      throw answer.error
    }
    return answer.value
  }
  return {
    trials: [],
    officer: null,
    loading: false,
    answered: false,
    error: null,
    busy: [],
    async load() {
      set({ loading: true })
      const sentBefore = movesSent
      const answer = await asMember(() => api().getMyTrials(), { signIn: true })
      if (!answer.mine) return set({ loading: false })
      if (!answer.ok) return set({ loading: false, answered: true, error: describeError(answer.error) })
      // The list is the truth about what was sent before it was asked for: a move whose answer was lost shows in it or never landed.
      if (sentBefore === movesSent && get().busy.length === 0) endMemberAttempts('trial:')
      set({ ...answer.value, loading: false, answered: true, error: null })
    },
    async apply(trialId, note) {
      const { trial } = await move(trialId, `trial:apply:${trialId}`, (idempotencyKey) =>
        api().applyTrial({ trialId, ...(note.trim() ? { note: note.trim() } : {}) }, { idempotencyKey }),
      )
      replace(trial)
      return trial
    },
    async sendFeedback(input) {
      const { trial, pointsEarned } = await move(input.trialId, `trial:feedback:${input.trialId}`, (idempotencyKey) =>
        api().sendTrialFeedback(input, { idempotencyKey }),
      )
      replace(trial)
      // The points are on the card at once; the officer's record comes fresh.
      void useCard.getState().refresh()
      void get().load()
      return pointsEarned
    },
  }
})

onMemberChange({
  changed: () => useOfficer.setState({ trials: [], officer: null, answered: false, error: null, busy: [] }),
  signedInAgain: () => {
    if (useOfficer.getState().answered) void useOfficer.getState().load()
  },
})
