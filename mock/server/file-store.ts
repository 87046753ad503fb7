/**
 * The JSON state file of earlier versions of the mock server (one file, written through a temp file
 * and a rename), read once to import it into SQLite (sqlite-store.ts), and the error a state the
 * server cannot use raises: it is never overwritten or moved, and the server refuses to start until a
 * person has looked at it.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

/** A state file the server will not start from: it names the file and the first problem found. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`state file ${file}: ${problem}`)
    this.name = 'StateFileError'
  }
}

/**
 * The parsed state in `file`, or null when there is none yet (first run). A file that cannot be
 * read or is not JSON is a StateFileError: it is left exactly as it is, for a person to look at.
 */
export function loadState(file: string): unknown | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new StateFileError(file, `cannot be read (${(error as Error).message})`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new StateFileError(file, `is not valid JSON (${(error as Error).message})`)
  }
}

/** `.state.json.<pid>.<hex>.tmp`: the temp files the JSON store of earlier versions wrote beside `file`. */
function tempPattern(file: string): RegExp {
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^\\.${base}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`)
}

/**
 * Removes temp files left beside `file` by a save that was killed before its rename (they hold a
 * state that never became the state). A temp of another live process is left alone. Returns the
 * names removed.
 */
export function removeLeftoverTemps(file: string): string[] {
  const dir = path.dirname(path.resolve(file))
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const pattern = tempPattern(file)
  const removed: string[] = []
  for (const name of names) {
    const m = pattern.exec(name)
    if (!m || (Number(m[1]) !== process.pid && isAlive(Number(m[1])))) continue
    fs.rmSync(path.join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
