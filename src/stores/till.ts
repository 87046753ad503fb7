/** The staff till simulator: its till key, the one store that key serves, and the checkout actions it performs. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import type { Receipt, Refund, TillCoupon, TillMember } from '@/api/contract'
import { api } from './api'
import { withAttempt } from './attempts'
import { taroPersistStorage } from './persist-storage'

interface TillState {
  /** The till key staff typed in (x-till-key); null until set. */
  key: string | null
  /** The store the key belongs to (a till key serves one store); null until the backend said. */
  storeId: string | null
  storeName: string | null
  /** The till's own name (演示收银台 1). */
  tillName: string | null
  setKey: (key: string | null) => void
  /** Check a key with the backend and keep it only if it is a till's, with its store. */
  signIn: (key: string) => Promise<void>
  /** Ask the backend which till and store the kept key is (on every show: a key's store is the backend's word). */
  loadTill: () => Promise<void>
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
      storeName: null,
      tillName: null,
      setKey: (key) => set({ key: key?.trim() || null, storeId: null, storeName: null, tillName: null }),
      async signIn(key) {
        candidateKey = key.trim()
        try {
          const me = await api().tillWhoAmI()
          set({ key: candidateKey, storeId: me.storeId, storeName: me.storeName, tillName: me.name })
        } finally {
          candidateKey = null
        }
      },
      async loadTill() {
        if (!get().key) return
        const me = await api().tillWhoAmI()
        set({ storeId: me.storeId, storeName: me.storeName, tillName: me.name })
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
      partialize: (s) => ({ key: s.key, storeId: s.storeId, storeName: s.storeName, tillName: s.tillName }),
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({
            key: v.nullable(v.string()),
            storeId: v.nullable(v.string()),
            storeName: v.optional(v.nullable(v.string()), null),
            tillName: v.optional(v.nullable(v.string()), null),
          }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)
