/**
 * 运营台's part of the backend: segments, campaigns and programme economics over the demo population.
 * Installed apart from the router's handlers (router.ts, installHandlers): the app installs it when
 * the console page (staff subpackage) loads, so the main package does not carry the population
 * generator and the console's rules.
 */
import type { Engine } from '../engine/engine'
import * as campaigns from '../engine/campaigns'
import { economics } from '../engine/economics'
import { needsSettle, settleMember } from '../engine/personas'
import { populationFor, type Population } from '../engine/population'
import { need } from '../engine/records'
import { segmentsReport } from '../engine/segments'
import type { ConsoleEndpoint, HandlersOf } from '../router'

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

export const consoleHandlers: HandlersOf<ConsoleEndpoint> = {
  staffConsoleSegments: (_input, { engine }) => segmentsReport(engine.db, engine.now(), consoleWorld(engine)),
  staffListCampaigns: (_input, { engine }) => campaigns.list(engine.db),
  staffPreviewCampaign: (input, { engine }) => campaigns.preview(engine.db, engine.now(), consoleWorld(engine), input),
  staffSendCampaign: (input, { engine }) => {
    const population = consoleWorld(engine)
    return { campaign: engine.transaction((db) => campaigns.send(db, engine.now(), population, input)) }
  },
  staffConsoleEconomics: (_input, { engine }) => economics(engine.db, engine.now(), consoleWorld(engine)),
}
