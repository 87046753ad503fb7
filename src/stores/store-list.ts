/** The brand's stores, and where the member is when they let us know (asked only when needed). */
import { create } from 'zustand'
import type { Store } from '@/api/contract'
import { describeError } from '@/api/errors'
import type { LatLng } from '@/domain/geo'
import { askLocation, locationIfAllowed } from '@/adapters/location'
import { api } from './api'

interface StoreListState {
  stores: Store[]
  loading: boolean
  error: string | null
  /** The member's position (GCJ-02), once known. */
  here: LatLng | null
  /** 'denied': the member refused; the list stays by city. */
  location: 'unknown' | 'asking' | 'known' | 'denied' | 'unavailable'
  /** Fetch the stores (once per launch unless `force`). */
  load: (force?: boolean) => Promise<void>
  /** Use the position if already allowed, without a prompt. */
  locateQuietly: () => Promise<LatLng | null>
  /** The member asked to sort by distance: prompt if needed. */
  locate: () => Promise<void>
}

export const useStoreList = create<StoreListState>()((set, get) => ({
  stores: [],
  loading: false,
  error: null,
  here: null,
  location: 'unknown',
  async load(force = false) {
    if (get().loading || (get().stores.length > 0 && !force)) return
    set({ loading: true })
    try {
      set({ stores: await api().listStores(), loading: false, error: null })
    } catch (error) {
      set({ loading: false, error: describeError(error) })
    }
  },
  async locateQuietly() {
    const here = await locationIfAllowed()
    if (here) set({ here, location: 'known' })
    return here
  },
  async locate() {
    if (get().location === 'asking') return
    set({ location: 'asking' })
    const answer = await askLocation()
    set(answer.ok ? { here: answer.at, location: 'known' } : { location: answer.reason })
  },
}))
