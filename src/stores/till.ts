/** The staff till simulator: its till key and store, and the checkout actions it performs. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import type { Receipt, Refund, Store, TillCoupon, TillMember } from '@/api/contract'
import { api } from './api'
import { withAttempt } from './attempts'
import { taroPersistStorage } from './persist-storage'

interface TillState {
  /** The till key staff typed in (x-till-key); null until set. */
  key: string | null
  storeId: string | null
  stores: Store[]
  setKey: (key: string | null) => void
  /** Check a key with the backend and keep it only if it is a till's. */
  signIn: (key: string) => Promise<void>
  setStore: (storeId: string) => void
  loadStores: () => Promise<void>
  /** Who the code belongs to and which of their coupons apply to a basket of `amountFen` (0 if not typed yet). */
  verify: (code: string, amountFen?: number) => Promise<{ member: TillMember; coupons: TillCoupon[] }>
  /** A retried tap of the same sale, before an answer settled it, is the same sale. */
  checkout: (sale: { code?: string; amountFen: number; couponIds?: string[] }) => Promise<Receipt>
  refund: (receiptId: string) => Promise<Refund>
}

/** A key being checked at sign-in: sent with requests, but kept only once the backend accepts it. */
let candidateKey: string | null = null

/** The till key requests carry. */
export function tillKeyForRequests(): string | null {
  return candidateKey ?? useTill.getState().key
}

export const useTill = create<TillState>()(
  persist(
    (set, get) => ({
      key: null,
      storeId: null,
      stores: [],
      setKey: (key) => set({ key: key?.trim() || null }),
      async signIn(key) {
        candidateKey = key.trim()
        try {
          await api().tillWhoAmI()
          set({ key: candidateKey })
        } finally {
          candidateKey = null
        }
      },
      setStore: (storeId) => set({ storeId }),
      async loadStores() {
        const stores = await api().listStores()
        set({
          stores,
          storeId:
            get().storeId && stores.some((s) => s.id === get().storeId) ? get().storeId : (stores[0]?.id ?? null),
        })
      },
      verify(code, amountFen = 0) {
        return api().tillVerify({ code, storeId: get().storeId ?? '', amountFen })
      },
      checkout(sale) {
        const request = { ...sale, storeId: get().storeId ?? '' }
        return withAttempt(`till|checkout:${JSON.stringify(request)}`, (idempotencyKey) =>
          api().tillCheckout(request, { idempotencyKey }),
        )
      },
      refund(receiptId) {
        return withAttempt(`till|refund:${receiptId}`, (idempotencyKey) =>
          api().tillRefund({ receiptId }, { idempotencyKey }),
        )
      },
    }),
    {
      name: 'mc.till',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ key: s.key, storeId: s.storeId }),
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({ key: v.nullable(v.string()), storeId: v.nullable(v.string()) }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)
