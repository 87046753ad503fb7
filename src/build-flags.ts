/**
 * The build switches as the app reads them (see "Demo and brand builds" in the README):
 *
 * - `TARO_APP_DEMO`: the demo kit — 演示身份 (the persona switch and `?persona=` links), 演示时间 (the
 *   backend's demo clock), 模拟定位 and the staff till. On by default (`npm start`, local mode); off
 *   by default for an http build, which is what a brand ships.
 * - `TARO_APP_STAFF`: the staff subpackage (the till) without the member demo, for store devices.
 *
 * config/build-flags.ts resolves both from the build's environment, and config/index.ts hands them
 * to the bundler as '1' or '0', so `process.env.TARO_APP_DEMO !== '0'` is a literal comparison the
 * minifier folds. Where the guarded code must not ship, that comparison is written out at the spot
 * rather than importing `DEMO`: webpack drops a `require` or a JSX branch behind a literal condition,
 * but neither it nor the minifier folds an imported or module-level constant. Unset (jest) counts
 * as on, as for `npm start`.
 */

/** This build carries the demo kit. */
export const DEMO = process.env.TARO_APP_DEMO !== '0'

/** This build carries the staff till (always with the demo). */
export const STAFF = process.env.TARO_APP_STAFF === '1' || process.env.TARO_APP_DEMO !== '0'
