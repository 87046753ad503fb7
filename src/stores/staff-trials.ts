/** Staff's view of the trials (体验官): counts, feedback to reply to, closing a window early. Staff key only. */
import { create } from 'zustand'
import type { StaffTrial } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'

interface StaffTrialsState {
  trials: StaffTrial[]
  loading: boolean
  error: string | null
  load: () => Promise<void>
  close: (trialId: string) => Promise<StaffTrial>
  reply: (trialId: string, memberId: string, reply: string) => Promise<StaffTrial>
}

export const useStaffTrials = create<StaffTrialsState>()((set, get) => {
  const replace = (trial: StaffTrial) => {
    set({ trials: get().trials.map((t) => (t.id === trial.id ? trial : t)) })
    return trial
  }
  return {
    trials: [],
    loading: false,
    error: null,
    async load() {
      set({ loading: true })
      try {
        set({ trials: (await api().staffListTrials()).trials, loading: false, error: null })
      } catch (e) {
        set({ loading: false, error: describeError(e) })
      }
    },
    close: async (trialId) => replace((await api().staffCloseTrial({ trialId })).trial),
    reply: async (trialId, memberId, reply) =>
      replace((await api().staffReplyTrial({ trialId, memberId, reply })).trial),
  }
})
