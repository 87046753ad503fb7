import { ApiFailure } from '../../mock/engine/failure'

/** Run `fn` and return the refusal it throws (any other outcome fails the test). */
export function refusal(fn: () => unknown): ApiFailure {
  try {
    fn()
  } catch (e) {
    if (e instanceof ApiFailure) return e
    throw e
  }
  throw new Error('expected a refusal')
}
