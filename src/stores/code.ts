/**
 * The member code: the per-card secret (kept on the phone, so codes are made with no signal),
 * codes at corrected server time, and the till activity that the code page shows live.
 */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import * as v from 'valibot'
import type { ActivityEvent } from '@/api/contract'
import { describeError } from '@/api/errors'
import { hexToBytes, memberCodeAt } from '@/domain/member-code'
import { api, serverNow } from './api'
import { useCard } from './card'
import { useCoupons } from './coupons'
import { asMember, onMemberChange } from './member-scope'
import { taroPersistStorage } from './persist-storage'
import { MemberCodeSecretSchema, useSession, type MemberCodeSecret } from './session'

interface CodeState {
  secret: MemberCodeSecret | null
  /** Signed in again since the secret was issued: get a new one when the network allows. */
  stale: boolean
  /** Why there is no code (first use offline, say), in Chinese; null when there is one. */
  error: string | null
  /** Events from tills not yet shown, oldest first. */
  results: ActivityEvent[]
  /** Newest event time seen. */
  seenUntil: number
  /** Make sure this member has a secret; a failure keeps the one there is. */
  ensureSecret: () => Promise<void>
  /** The 18-digit code now, or null without a secret for this member. */
  codeNow: () => string | null
  /** Start listening for till activity from now on (the code page opening). */
  watchFromNow: () => void
  /** Ask the backend what happened at a till; new checkouts refresh the card. */
  poll: () => Promise<void>
  dismissResult: () => void
}

let issuing: Promise<void> | null = null
let polling = false

export const useCode = create<CodeState>()(
  persist(
    (set, get) => ({
      secret: null,
      stale: false,
      error: null,
      results: [],
      seenUntil: 0,
      ensureSecret() {
        const known = useSession.getState().memberId
        const cached = get().secret?.memberId === known ? get().secret : null
        if (known && cached && !get().stale) return Promise.resolve()
        if (!issuing) {
          issuing = (async () => {
            // Opened straight from a link or a cold start: wait for the sign-in first.
            await useSession
              .getState()
              .ready()
              .catch(() => undefined)
            const memberId = useSession.getState().memberId
            const own = get().secret?.memberId === memberId ? get().secret : null
            if (!memberId) {
              // Signed in without a card (a visitor) is not a network problem: say what is missing.
              const { signedOut, token } = useSession.getState()
              if (!own)
                set({
                  error: signedOut
                    ? '请先登录会员卡，再出示会员码'
                    : token
                      ? '还不是会员，入会后即可出示会员码'
                      : '网络不可用，首次使用会员码需要联网，请连接网络后重试',
                })
              return
            }
            if (own && !get().stale) return
            const answer = await asMember(() => api().issueCodeSecret({}))
            if (!answer.mine) return
            if (answer.ok) set({ secret: { memberId, ...answer.value }, stale: false, error: null })
            // Offline with a secret already here: the code keeps working. Without one, say why.
            else if (!own) set({ error: `首次使用会员码需要联网。${describeError(answer.error)}` })
          })().finally(() => {
            issuing = null
          })
        }
        return issuing
      },
      codeNow() {
        const s = get().secret
        if (!s || s.memberId !== useSession.getState().memberId) return null
        return memberCodeAt(s.cardId, hexToBytes(s.secret), serverNow())
      },
      watchFromNow() {
        set({ seenUntil: Math.max(get().seenUntil, serverNow() - 5_000), results: [] })
      },
      async poll() {
        if (polling || !useSession.getState().memberId) return
        polling = true
        const answer = await asMember(() => api().getActivity({ since: get().seenUntil }))
        polling = false
        // Offline: the code still works; results arrive when the network is back. Another member
        // signed in while this was on its way: these are not theirs.
        if (!answer.mine || !answer.ok || answer.value.events.length === 0) return
        const { events } = answer.value
        set({
          seenUntil: Math.max(...events.map((e) => e.at), get().seenUntil),
          results: [...get().results, ...events],
        })
        void useCard.getState().refresh()
        // A coupon used at the till is no longer the one picked for it.
        if (events.some((e) => e.couponsUsed.length > 0)) {
          useCoupons.setState({ selectedId: null })
          void useCoupons.getState().load()
        }
      },
      dismissResult() {
        set({ results: get().results.slice(1) })
      },
    }),
    {
      name: 'mc.code',
      version: 1,
      storage: taroPersistStorage(),
      partialize: (s) => ({ secret: s.secret, stale: s.stale }),
      merge: (persisted, current) => {
        const parsed = v.safeParse(
          v.object({
            secret: v.nullable(MemberCodeSecretSchema),
            stale: v.boolean(),
          }),
          persisted,
        )
        return parsed.success ? { ...current, ...parsed.output } : current
      },
    },
  ),
)

/**
 * Every sign-in rotates the secret, and a member's sign-in brings the new one (the session holds it
 * until taken here): taken when it is the signed-in member's and not older than the one here.
 */
function takeIssuedSecret(): void {
  const { issuedCodeSecret: issued, memberId } = useSession.getState()
  if (!issued) return
  const own = useCode.getState().secret
  if (issued.memberId === memberId && !(own?.memberId === memberId && own.issuedAt > issued.issuedAt))
    useCode.setState({ secret: issued, stale: false, error: null })
  useSession.setState({ issuedCodeSecret: null })
}

// A sign-in without a secret (a backend that sends none) leaves the one here stale: the next
// ensureSecret fetches a new one, the old keeps working until then. Till results shown belong to
// the member they were for.
onMemberChange({
  changed: () => {
    useCode.setState({ stale: true, results: [], seenUntil: 0 })
    takeIssuedSecret()
  },
  signedInAgain: () => {
    useCode.setState({ stale: true })
    takeIssuedSecret()
  },
})
// A sign-in before this store was loaded (a launch on another tab) left its secret with the session.
takeIssuedSecret()
