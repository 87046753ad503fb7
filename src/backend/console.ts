/**
 * Local mode: the operator console's part of the in-process backend (mock/parts/console.ts),
 * installed when the console's store loads, that is with the console page in the staff subpackage,
 * so the main package does not carry it. In http mode the server has every part and this does nothing.
 */
export function installConsoleBackend(): void {
  // The requires inside the condition, written out, so webpack drops them from an http build (after
  // an early return it would still bundle them).
  if (process.env.TARO_APP_API_MODE !== 'http') {
    /* eslint-disable @typescript-eslint/no-require-imports -- synchronous, inside the local-mode branch only */
    const { installHandlers } = require('../../mock/router') as typeof import('../../mock/router')
    const { consoleHandlers } = require('../../mock/parts/console') as typeof import('../../mock/parts/console')
    /* eslint-enable @typescript-eslint/no-require-imports */
    installHandlers(consoleHandlers)
  }
}
