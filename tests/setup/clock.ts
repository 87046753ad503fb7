/**
 * An ordinary moment to start a test's clock at: Saturday 28 Nov 2026, 10:00:05 in Shanghai. No
 * member day (the 18th), no month or year end, far from midnight, and early in its minute, so
 * personas built and times formatted a few seconds apart still agree to the minute and the day.
 */
export const ORDINARY_MORNING = Date.UTC(2026, 10, 28, 2, 0, 5)

/**
 * One clock for the phone and its in-process backend in a page test: real time running on, from
 * `start` (ORDINARY_MORNING unless given), never from the wall clock, so a run that crosses a
 * minute, midnight or a member day sees the same page. Call it at the top of the test file, before
 * either reads the time (both keep the Date.now they were given), so a test moves time instead of
 * waiting for it; do not restore all mocks after a test, or the clock goes back to the wall's.
 */
export function testClock(start: number = ORDINARY_MORNING) {
  const realNow = Date.now.bind(Date)
  const initialShift = start - realNow()
  let shift = initialShift
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + shift)
  return {
    /** Move the clock on by `ms`. */
    forward(ms: number) {
      shift += ms
    },
    /** The clock reads `time` now, and runs on from there. */
    at(time: number) {
      shift = time - realNow()
    },
    /** Back to where it started (plus the time that has really passed). */
    reset() {
      shift = initialShift
    },
  }
}
