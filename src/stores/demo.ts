/** Demo powers for staff showing the app: the personas to sign in as, the backend's clock. */
import { create } from 'zustand'
import type { DemoClockTarget, Persona } from '@/api/contract'
import { api } from './api'

interface DemoState {
  /** Demo personas (from the backend), loaded on demand. */
  personas: Persona[]
  loadPersonas: () => Promise<void>
  /** Move the backend's clock (the phone follows the server's time); resolves to the new time. */
  moveClock: (to: DemoClockTarget) => Promise<number>
}

export const useDemo = create<DemoState>()((set) => ({
  personas: [],
  async loadPersonas() {
    set({ personas: await api().listPersonas() })
  },
  async moveClock(to) {
    const { now } = await api().setDemoClock({ to })
    return now
  },
}))
