/**
 * 运营台's part of the backend: segments, campaigns and programme economics over the demo population.
 * It is installed beside the router's handlers (`installHandlers`) rather than built into the
 * engine, so the app's main package, which carries the in-process backend for every member's start,
 * does not carry the population generator and the console's rules: the app installs this part when
 * the console page (staff subpackage) loads; the HTTP server and the tests install it at start.
 */
import type { Engine } from './engine/engine'
import * as campaigns from './engine/campaigns'
import { economics } from './engine/economics'
import { needsSettle, settleMember } from './engine/personas'
import { populationFor, type Population } from './engine/population'
import { need } from './engine/records'
import { segmentsReport } from './engine/segments'
import type { ConsoleHandlers } from './router'

/**
 * Every member's clock-driven rules brought up to now (lapsed points, tier reviews), so the console
 * counts what members see; then the demo population (memory only: population.ts says why).
 */
function consoleWorld(engine: Engine): Population {
  const now = engine.now()
  const { members, programme } = engine.db
  const due = Object.values(members).filter((m) => needsSettle(m, programme.tiers, now))
  if (due.length > 0)
    engine.transaction((db) => {
      for (const m of due) settleMember(need(db.members, m.id), db.programme, now)
    })
  return populationFor(now, engine.db.programme)
}

export const consoleHandlers: ConsoleHandlers = {
  staffConsoleSegments: (_input, { engine }) => segmentsReport(engine.db, engine.now(), consoleWorld(engine)),
  staffListCampaigns: (_input, { engine }) => campaigns.list(engine.db),
  staffPreviewCampaign: (input, { engine }) => campaigns.preview(engine.db, engine.now(), consoleWorld(engine), input),
  staffSendCampaign: (input, { engine }) => {
    const population = consoleWorld(engine)
    return { campaign: engine.transaction((db) => campaigns.send(db, engine.now(), population, input)) }
  },
  staffConsoleEconomics: (_input, { engine }) => economics(engine.db, engine.now(), consoleWorld(engine)),
}
