/**
 * npm run bench:segments — figures, not tests: segmenting the operator console's members (the demo
 * population of mock/engine/population.ts plus the seeded state) by RFM, which must stay under 200 ms
 * for 2,000 members; also the population's generation (under 2 s, once per demo day) and the whole
 * GET /staff/console/segments answer. Medians of several runs, after a warm-up.
 */
import { performance as clock } from 'node:perf_hooks'
import { Engine } from '../mock/engine/engine'
import { generatePopulation, POPULATION } from '../mock/engine/population'
import { segmentAll, segmentsReport } from '../mock/engine/segments'
import type { Db } from '../mock/engine/db'

const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const now = Date.now()
const engine = new Engine(null, { now: () => now })
const db = engine.db as Db

function median(fn: () => void, runs = RUNS): number {
  fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = clock.now()
    fn()
    times.push(clock.now() - t)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

const first = clock.now()
const population = generatePopulation(now, db.programme)
const firstMs = clock.now() - first
const members = population.members.length + Object.keys(db.members).length

const generate = median(() => void generatePopulation(now, db.programme), 5)
const segment = median(() => void segmentAll(db, now, population))
const report = median(() => void segmentsReport(db, now, population))
// 2,000 exactly, as the budget is stated.
const two = { ...population, members: population.members.slice(0, 2_000 - Object.keys(db.members).length) }
const segment2000 = median(() => void segmentAll(db, now, two))

const ms = (x: number) => `${x.toFixed(1)} ms`
console.log(`population: ${POPULATION.size} members (seed ${POPULATION.seed}); segmented with the state: ${members}`)
console.log(`generate population, first run ......... ${ms(firstMs)}`)
console.log(`generate population, median of 5 ....... ${ms(generate)}   (budget 2,000 ms, once per demo day)`)
console.log(`segment 2,000 members, median .......... ${ms(segment2000)}   (budget 200 ms)`)
console.log(`segment ${members} members, median .......... ${ms(segment)}`)
console.log(`segments report (GET answer), median ... ${ms(report)}`)
