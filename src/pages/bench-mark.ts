/**
 * Marks for `npm run bench` (ms from a cold start to what the member came for: a drawn code, the
 * card's points); a no-op where there is no Performance API (WeChat's is not the browser's).
 */
export function benchMark(name: string): void {
  const perf = (globalThis as { performance?: { mark?: (name: string) => void } }).performance
  perf?.mark?.(`mc:${name}`)
}
