/**
 * Local mode: the operator console's part of the in-process backend (mock/console.ts), installed
 * when the console's store loads, that is with the console page in the staff subpackage, so the
 * main package does not carry the population generator and the console's rules. In http mode the
 * server has them and this does nothing.
 */
export function installConsoleBackend(): void {
  // Written out so webpack folds it: an http build carries none of the mock.
  if (process.env.TARO_APP_API_MODE === 'http') return
  /* eslint-disable @typescript-eslint/no-require-imports -- synchronous, inside the local-mode branch only */
  const { installHandlers } = require('../../mock/router') as typeof import('../../mock/router')
  const { consoleHandlers } = require('../../mock/console') as typeof import('../../mock/console')
  /* eslint-enable @typescript-eslint/no-require-imports */
  installHandlers(consoleHandlers)
}
