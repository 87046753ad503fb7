/**
 * The mock HTTP server's state on disk: one JSON file, written atomically (temp file in the same
 * directory, fsync, rename), so a kill mid-write leaves either the old state or the new one.
 * Anything unreadable is moved aside, never overwritten, so nothing is silently destroyed.
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'

/**
 * The parsed state in `file`, or null when there is none to use: missing (first run), or unreadable
 * or not JSON (then the file is moved to `<file>.corrupt-<timestamp>` first).
 */
export function loadState(file: string): unknown | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    moveAside(file)
    return null
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    moveAside(file)
    return null
  }
}

/**
 * Renames `file` to `<file>.corrupt-<timestamp>` and returns the new path (null if there was
 * nothing to move). Also used for a state that parses but is not ours (an older version).
 */
export function moveAside(file: string): string | null {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  let target = `${file}.corrupt-${stamp}`
  for (let n = 1; fs.existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`
  try {
    fs.renameSync(file, target)
    return target
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** Writes `state` as JSON to `file` so that a crash at any point leaves a whole file behind. */
export function saveStateAtomic(file: string, state: unknown): void {
  const dir = path.dirname(path.resolve(file))
  fs.mkdirSync(dir, { recursive: true })
  // Same directory as the target: rename is only atomic within one file system.
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const data = typeof state === 'string' ? state : JSON.stringify(state)
  try {
    const fd = fs.openSync(temp, 'w', 0o600)
    try {
      fs.writeFileSync(fd, data, 'utf8')
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
  syncDirectory(dir)
}

/** Makes the rename itself durable (POSIX); directories cannot be opened this way on Windows. */
function syncDirectory(dir: string): void {
  let fd: number | null = null
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Best effort: the data file itself is already fsynced.
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
}
