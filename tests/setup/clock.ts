/**
 * One clock for the phone and its in-process backend in a page test: real time running on, from
 * `start` if given. Call it at the top of the test file, before either reads the time (both keep
 * the Date.now they were given), so a test moves time instead of waiting for it.
 */
export function testClock(start?: number) {
  const realNow = Date.now.bind(Date)
  const initialShift = start === undefined ? 0 : start - realNow()
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
