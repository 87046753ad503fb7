/** The client's errors: a small hierarchy of named classes, each with copy a member can act on. */

export abstract class ApiError extends Error {
  /** What a member reads: what happened and what to do, in Chinese. */
  abstract readonly userMessage: string
}

/** No connection, DNS failure, connection refused: the request never got an answer. */
export class NetworkError extends ApiError {
  override readonly name = 'NetworkError'
  readonly userMessage = '网络不可用，请检查网络后重试'
}

export class TimeoutError extends ApiError {
  override readonly name = 'TimeoutError'
  readonly userMessage = '服务器响应超时，请稍后重试'
}

/** The server answered with an error status; `code` is the server's own error code. */
export class HttpError extends ApiError {
  override readonly name = 'HttpError'
  // A field set in the constructor, not a getter: the production build (Babel) defines the base
  // class's abstract field on the instance as undefined, which would hide a getter on this prototype.
  readonly userMessage: string
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string | null,
  ) {
    super(`HTTP ${status} ${code}`)
    this.userMessage = serverMessage || fallbackMessage(status)
  }
}

function fallbackMessage(status: number): string {
  if (status === 409) return '请求正在处理中，请稍候'
  if (status === 429) return '操作太频繁，请稍后再试'
  if (status >= 500) return '服务暂时不可用，请稍后重试'
  return '请求未能完成，请稍后重试'
}

/** A 401 that survived one silent re-login. */
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError'
  readonly userMessage = '登录已失效，请重新进入小程序'
}

/** The response did not match the contract: never passed on to pages. */
export class ValidationError extends ApiError {
  override readonly name = 'ValidationError'
  constructor(
    readonly endpoint: string,
    readonly issues: string[],
  ) {
    super(`${endpoint}: response does not match the contract: ${issues.join('; ')}`)
  }
  readonly userMessage = '服务器返回的数据异常，请稍后重试'
}

/** Chinese copy for anything thrown while talking to the backend. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.userMessage
  return '出了点问题，请稍后重试'
}

export function isOfflineError(error: unknown): boolean {
  return error instanceof NetworkError || error instanceof TimeoutError
}
