/** A refusal the backend answers with: HTTP status, a stable error code, and Chinese copy for the member. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure'
  constructor(
    readonly status: number,
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(`${status} ${code}: ${userMessage}`)
  }
}
