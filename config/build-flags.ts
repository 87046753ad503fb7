/**
 * The build switches resolved from a build's environment (shell variables and .env files), once,
 * by config/index.ts; the app reads the result through src/build-flags.ts. Here rather than in
 * src/ because Taro compiles only config/ when it loads this config.
 *
 * - TARO_APP_DEMO: the demo kit. On unless set to 0, or unless the build is in http mode
 *   (TARO_APP_API_MODE=http, what a brand ships) and TARO_APP_DEMO is not set to 1.
 * - TARO_APP_STAFF: the staff subpackage (the till). On with the demo, or alone when set to 1.
 */
export interface BuildFlags {
  demo: boolean
  staff: boolean
}

type Env = Record<string, string | undefined>

const yes = (value: string | undefined) => value === '1' || value === 'true'
const no = (value: string | undefined) => value === '0' || value === 'false'

export function resolveBuildFlags(env: Env): BuildFlags {
  const demo = yes(env.TARO_APP_DEMO) || (!no(env.TARO_APP_DEMO) && env.TARO_APP_API_MODE !== 'http')
  return { demo, staff: demo || yes(env.TARO_APP_STAFF) }
}

/** The flags as the `process.env` entries the app reads ('1' or '0'). */
export function buildFlagEnv(flags: BuildFlags): { TARO_APP_DEMO: '1' | '0'; TARO_APP_STAFF: '1' | '0' } {
  return { TARO_APP_DEMO: flags.demo ? '1' : '0', TARO_APP_STAFF: flags.staff ? '1' : '0' }
}
