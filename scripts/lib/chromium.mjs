// Debian's chromium driven by playwright-core (never a downloaded browser), with the flags this
// machine needs: without the background-networking ones chromium keeps calling hosts it cannot reach.
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A headless browser on the profile folder `dir` (chromium refuses --user-data-dir in args). */
export function launchProfile(dir, options = {}) {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  })
}
