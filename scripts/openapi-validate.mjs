// Validate an OpenAPI document with @seriousme/openapi-schema-validator (ESM-only, so jest runs this
// in a child process): `node scripts/openapi-validate.mjs <file>`; prints { valid, version, errors }.
import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'

const file = process.argv[2]
if (!file) {
  console.error('usage: node scripts/openapi-validate.mjs <openapi.json>')
  process.exit(2)
}
const validator = new Validator()
const result = await validator.validate(JSON.parse(readFileSync(file, 'utf8')))
console.log(JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] }))
process.exit(result.valid ? 0 : 1)
