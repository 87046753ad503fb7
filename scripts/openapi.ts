/**
 * `npm run openapi` writes docs/openapi.json from the contract and validates it;
 * `npm run openapi -- --check` only says whether the file is current (exit 1 when stale or invalid).
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as prettier from 'prettier'
import { buildOpenApi } from './openapi-document'

const root = path.resolve(__dirname, '..')
const target = path.join(root, 'docs/openapi.json')

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const options = (await prettier.resolveConfig(target)) ?? {}
  const text = await prettier.format(JSON.stringify(buildOpenApi()), { ...options, parser: 'json' })

  // Validate before writing: a document the validator refuses never reaches docs/.
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.json')
  fs.writeFileSync(tmp, text)
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/openapi-validate.mjs'), tmp], { stdio: 'pipe' })
  } catch (error) {
    console.error(
      `openapi: the generated document is not valid OpenAPI:\n${String((error as { stdout?: Buffer }).stdout ?? error)}`,
    )
    process.exit(1)
  } finally {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true })
  }

  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null
  if (check) {
    if (current !== text) {
      console.error('openapi: docs/openapi.json is stale; run `npm run openapi`')
      process.exit(1)
    }
    console.log('openapi: docs/openapi.json is current and valid')
    return
  }
  fs.writeFileSync(target, text)
  console.log(`openapi: ${current === text ? 'unchanged' : 'wrote'} ${path.relative(root, target)} (valid OpenAPI 3.1)`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
