/**
 * Value-moving attempts (a join, a claim, a redemption, a checkout, a refund) and their
 * idempotency keys, with one policy for all: an attempt keeps its key while its outcome is unknown
 * and ends with any answer that settles it, so a retry after a lost answer moves value once and a
 * new try after a refusal is a new request.
 */
import { randomKey } from '@/api/client'
import { HttpError, NetworkError, TimeoutError } from '@/api/errors'

/** Keys of attempts that have not ended, by attempt name. */
const open = new Map<string, string>()

/**
 * Whether an error leaves an attempt open: the request may have arrived (no answer, a timeout), is
 * still running on the server (409 request_in_progress), or the server failed (5xx). Any other
 * answer, a refusal included, ends the attempt.
 */
export function keepsAttemptOpen(error: unknown): boolean {
  if (error instanceof NetworkError || error instanceof TimeoutError) return true
  if (!(error instanceof HttpError)) return false
  return error.status >= 500 || (error.status === 409 && error.code === 'request_in_progress')
}

/** Run the attempt called `name` with its key (the same key until an answer ends it). */
export async function withAttempt<T>(name: string, run: (idempotencyKey: string) => Promise<T>): Promise<T> {
  const key = open.get(name) ?? randomKey()
  open.set(name, key)
  try {
    const value = await run(key)
    open.delete(name)
    return value
  } catch (error) {
    if (!keepsAttemptOpen(error)) open.delete(name)
    throw error
  }
}

/** End every open attempt whose name starts with `prefix` ('' ends them all). */
export function endAttempts(prefix: string): void {
  for (const name of [...open.keys()]) if (name.startsWith(prefix)) open.delete(name)
}
