/**
 * The staff key (x-staff-key): what lets staff move the demo clock and rebuild personas (later, the
 * operator console). Typed in on 我的 or carried by a demo link (`?staffKey=`), kept on this device
 * like the till key; never built into the app, and sent only on staff routes.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import { taroPersistStorage } from './persist-storage'

interface StaffState {
  /** The staff key, or null until staff give one. */
  key: string | null
  /** Keep a key (trimmed); an empty one forgets it. */
  setKey: (key: string | null) => void
}

export const useStaff = create<StaffState>()(
  persist(
    (set) => ({
      key: null,
      setKey: (key) => set({ key: key?.trim() || null }),
    }),
    {
      name: 'mc.staff',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ key: s.key }),
      merge: (persisted, current) => {
        const parsed = v.safeParse(v.object({ key: v.nullable(v.pipe(v.string(), v.maxLength(64))) }), persisted)
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)

/** The staff key staff routes carry. */
export function staffKeyForRequests(): string | null {
  return useStaff.getState().key
}
