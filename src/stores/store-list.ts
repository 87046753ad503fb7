/** The brand's stores, and where the member is when they let us know (asked only when needed). */
import { create } from 'zustand'
import type { Store } from '@/api/contract'
import { describeError } from '@/api/errors'
import { northOf, type LatLng } from '@/domain/geo'
import { askLocation, demoLocation, locationIfAllowed, setDemoLocation } from '@/adapters/location'
import { api } from './api'
import { useCard } from './card'

const FRESH_MS = 5 * 60 * 1000

interface StoreListState {
  stores: Store[]
  /** An answer has come (an empty list then means no stores). */
  loaded: boolean
  loading: boolean
  error: string | null
  /** The member's position (GCJ-02), once known. */
  here: LatLng | null
  /** 'denied': the member refused; the list stays by city. */
  location: 'unknown' | 'asking' | 'known' | 'denied' | 'unavailable'
  /** When `here` was read (ms, phone clock). */
  locatedAt: number
  /** Demo: the store the phone pretends to be next to, or null. */
  demoNear: string | null
  /** Fetch the stores (once per launch unless `force`). */
  load: (force?: boolean) => Promise<void>
  /** Use the position if already allowed, without a prompt (one read in 5 minutes is enough). */
  locateQuietly: () => Promise<LatLng | null>
  /** Demo: pretend the phone is the programme's demo distance north of a store, or stop pretending (null). */
  pretendNear: (storeId: string | null) => void
  /** The member asked to sort by distance: prompt if needed. */
  locate: () => Promise<void>
}

export const useStoreList = create<StoreListState>()((set, get) => ({
  stores: [],
  loaded: false,
  loading: false,
  error: null,
  here: null,
  location: 'unknown',
  locatedAt: 0,
  demoNear: demoLocation()?.near ?? null,
  async load(force = false) {
    if (get().loading || (get().loaded && !force)) return
    set({ loading: true })
    try {
      set({ stores: await api().listStores(), loaded: true, loading: false, error: null })
    } catch (error) {
      set({ loading: false, error: describeError(error) })
    }
  },
  async locateQuietly() {
    const { here: known, locatedAt } = get()
    if (known && Date.now() - locatedAt < FRESH_MS) return known
    const here = await locationIfAllowed()
    if (here) set({ here, location: 'known', locatedAt: Date.now() })
    return here
  },
  pretendNear(storeId) {
    const store = storeId ? get().stores.find((s) => s.id === storeId) : undefined
    const meters = useCard.getState().programme?.horizons.demoDistanceM
    const spot = store && meters ? northOf(store, meters) : null
    setDemoLocation(store && spot ? { ...spot, near: store.name } : null)
    set(
      store && spot
        ? { here: spot, location: 'known', locatedAt: Date.now(), demoNear: store.name }
        : { here: null, location: 'unknown', locatedAt: 0, demoNear: null },
    )
  },
  async locate() {
    if (get().location === 'asking') return
    set({ location: 'asking' })
    const answer = await askLocation()
    set(answer.ok ? { here: answer.at, location: 'known', locatedAt: Date.now() } : { location: answer.reason })
  },
}))
