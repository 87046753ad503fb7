/**
 * The member-scoped layer every store that holds one member's data goes through:
 * - `asMember` runs a request for the member signed in when it was called, and reports whether
 *   the answer still belongs to whoever is signed in when it arrives (a persona switch, 退出登录
 *   or a join in between makes it someone else's, and the caller drops it);
 * - it owns the idempotency key of a value-moving attempt, with one policy for all of them;
 * - `onMemberChange` is the one reset registry: each store registers what it forgets when the
 *   member changes (and what it refetches when the same member signs in again).
 */
import { endAttempts, withAttempt } from './attempts'
import { useSession } from './session'

/** An answer that arrived for the member still signed in, or one that did not. */
export type Answer<T> = { mine: true; ok: true; value: T } | { mine: true; ok: false; error: unknown } | { mine: false }

export interface MemberCall {
  /** The member signed in when the call was made (null: a visitor). */
  memberId: string | null
  /** The attempt's idempotency key; '' when the call is not an attempt. */
  idempotencyKey: string
}

export interface AsMemberOptions {
  /** Wait for this launch's sign-in first (a cold start, a persona link). */
  signIn?: boolean
  /**
   * Names a value-moving attempt (e.g. `redeem:r-latte`): the same name for the same member reuses
   * the key until an answer ends the attempt, so a retry after a lost answer moves value once.
   */
  attempt?: string
}

const currentMember = () => useSession.getState().memberId

export async function asMember<T>(
  run: (call: MemberCall) => Promise<T>,
  options: AsMemberOptions = {},
): Promise<Answer<T>> {
  let memberId = currentMember()
  try {
    if (options.signIn) {
      await useSession.getState().ready()
      memberId = currentMember()
    }
    const call = (idempotencyKey: string) => run({ memberId, idempotencyKey })
    const value = await (options.attempt ? withAttempt(attemptName(memberId, options.attempt), call) : call(''))
    return currentMember() === memberId ? { mine: true, ok: true, value } : { mine: false }
  } catch (error) {
    return currentMember() === memberId ? { mine: true, ok: false, error } : { mine: false }
  }
}

/** Attempts are the member's own: another member's tap is never the same attempt. */
const attemptName = (memberId: string | null, attempt: string) => `${memberId ?? 'visitor'}|${attempt}`

/** The value of an answer for the member signed in; a failure is thrown, another member's answer is null. */
export function valueOf<T>(answer: Answer<T>): T | null {
  if (!answer.mine) return null
  if (!answer.ok) throw answer.error
  return answer.value
}

/** End the signed-in member's open attempts whose name starts with `prefix` (their state now shows whether they landed). */
export function endMemberAttempts(prefix: string): void {
  endAttempts(attemptName(currentMember(), prefix))
}

interface MemberReset {
  /** Another member (or nobody) is signed in now: forget everything of the last one. */
  changed: (memberId: string | null) => void
  /** The same member signed in again (a silent re-login, a rebuilt persona): refetch what is shown. */
  signedInAgain?: () => void
}

const resets: MemberReset[] = []

/** Register once, at a store's creation, what it does when the member changes. */
export function onMemberChange(reset: MemberReset): void {
  resets.push(reset)
}

useSession.subscribe((s, prev) => {
  if (s.memberId !== prev.memberId) {
    endAttempts(attemptName(prev.memberId, ''))
    for (const r of resets) r.changed(s.memberId)
  } else if (s.token !== prev.token && s.token) {
    for (const r of resets) r.signedInAgain?.()
  }
})
