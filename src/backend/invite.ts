/**
 * Local mode: 邀请有礼's page part of the in-process backend (mock/parts/invite.ts),
 * installed when the invite store loads, that is with the invite page (its own subpackage),
 * so the main package does not carry it. In http mode the server has every part and this does nothing.
 */
export function installInviteBackend(): void {
  // The requires inside the condition, written out, so webpack drops them from an http build (after
  // an early return it would still bundle them).
  if (process.env.TARO_APP_API_MODE !== 'http') {
    /* eslint-disable @typescript-eslint/no-require-imports -- synchronous, inside the local-mode branch only */
    const { installHandlers } = require('../../mock/router') as typeof import('../../mock/router')
    const { inviteHandlers } = require('../../mock/parts/invite') as typeof import('../../mock/parts/invite')
    /* eslint-enable @typescript-eslint/no-require-imports */
    installHandlers(inviteHandlers)
  }
}
