import type { BrowserContext } from 'playwright-core'

export const CHROMIUM: string
export const CHROMIUM_ARGS: string[]
/** A headless browser on the profile folder `dir`; `options` as playwright's launchPersistentContext. */
export function launchProfile(dir: string, options?: Record<string, unknown>): Promise<BrowserContext>
