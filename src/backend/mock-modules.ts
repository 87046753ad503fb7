/**
 * The in-app backend's code, gathered so H5 fetches it as one async chunk: an `import()` each for
 * the engine, the router and the record store made three chunks, each with its own copy of the
 * engine's rules (H5 splits shared code out of the first chunk only).
 */
export { Engine } from '../../mock/engine/engine'
export { createBackend } from '../../mock/router'
export * as records from './record-store'
