/**
 * The first of the programme's served kinds, in its order, whose rule has something for the member
 * (the attention line and the hero item both pick this way). A kind the table does not know is
 * skipped, so an older app or backend never breaks on a newer programme.
 */
export function firstInOrder<R, A extends unknown[]>(
  order: readonly string[],
  table: Readonly<Record<string, (...args: A) => R | null>>,
  ...args: A
): R | null {
  for (const kind of order) {
    const rule = Object.prototype.hasOwnProperty.call(table, kind) ? table[kind] : undefined
    const found = rule?.(...args)
    if (found) return found
  }
  return null
}
