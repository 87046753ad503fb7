/**
 * Local mode: 我的标签's part of the in-process backend (mock/parts/tags.ts),
 * installed when the tags store loads, that is with the tags page (account subpackage),
 * so the main package does not carry it. In http mode the server has every part and this does nothing.
 */
export function installTagsBackend(): void {
  // The requires inside the condition, written out, so webpack drops them from an http build (after
  // an early return it would still bundle them).
  if (process.env.TARO_APP_API_MODE !== 'http') {
    /* eslint-disable @typescript-eslint/no-require-imports -- synchronous, inside the local-mode branch only */
    const { installHandlers } = require('../../mock/router') as typeof import('../../mock/router')
    const { tagsHandlers } = require('../../mock/parts/tags') as typeof import('../../mock/parts/tags')
    /* eslint-enable @typescript-eslint/no-require-imports */
    installHandlers(tagsHandlers)
  }
}
