/**
 * Build switches, decided when the app is built.
 *
 * - `TARO_APP_DEMO`: the demo kit — 演示身份 (the persona switch and `?persona=` links), 演示时间 (the
 *   backend's demo clock), 模拟定位 and the staff till. On by default (`npm start`, local mode); off
 *   by default for an http build (`TARO_APP_API_MODE=http`), which is what a brand ships.
 * - `TARO_APP_STAFF`: the staff subpackage (the till) without the member demo, for store devices.
 *   On whenever the demo is.
 *
 * config/index.ts resolves both once with `resolveBuildFlags` and hands them to the bundler as '1'
 * or '0', so every `process.env.TARO_APP_DEMO !== '0'` in the app is a literal comparison the minifier
 * folds. Where the guarded code must not even be bundled, that comparison is written out at the
 * spot rather than importing `DEMO`: webpack drops a `require` behind a literal condition, not behind
 * an imported constant.
 */

export interface BuildFlags {
  demo: boolean
  staff: boolean
}

type Env = Record<string, string | undefined>

const yes = (value: string | undefined) => value === '1' || value === 'true'
const no = (value: string | undefined) => value === '0' || value === 'false'

/** The flags for a build from its environment (shell variables and .env files). */
export function resolveBuildFlags(env: Env): BuildFlags {
  const demo = yes(env.TARO_APP_DEMO) || (!no(env.TARO_APP_DEMO) && env.TARO_APP_API_MODE !== 'http')
  return { demo, staff: demo || yes(env.TARO_APP_STAFF) }
}

/** The same flags as the `process.env` entries the bundler replaces ('1' or '0'). */
export function buildFlagEnv(flags: BuildFlags): { TARO_APP_DEMO: '1' | '0'; TARO_APP_STAFF: '1' | '0' } {
  return { TARO_APP_DEMO: flags.demo ? '1' : '0', TARO_APP_STAFF: flags.staff ? '1' : '0' }
}

/** This build carries the demo kit. Unset (jest) counts as on, as for `npm start`. */
export const DEMO = process.env.TARO_APP_DEMO !== '0'

/** This build carries the staff till (always with the demo). */
export const STAFF = process.env.TARO_APP_STAFF === '1' || process.env.TARO_APP_DEMO !== '0'
