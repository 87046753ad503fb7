/**
 * RFM segments of every member the console sees: the demo population (memory only) and the members
 * in the state, demo personas included, scored together by the population's quintiles.
 */
import { maskName } from '../../src/domain/member'
import { PERSONA_IDS, type PersonaId, type SegmentsReport } from '../../src/api/contract'
import {
  DEFAULT_RFM_CUTS,
  HIGH_SCORE,
  NEW_MEMBER_DAYS,
  rfmInput,
  segmentPopulation,
  SEGMENTS,
  type RfmCuts,
  type RfmInput,
  type RfmScores,
  type SegmentId,
} from '../../src/domain/rfm'
import type { Db, MemberRecord } from './db'
import { memberRfmInput } from './hero'
import type { Population } from './population'

/** One member as the console segments them: from the population (by index) or the state (by id). */
export interface PlacedMember {
  /** The population index, or -1 for a member in the state. */
  index: number
  /** The state member's id, or null for a population member. */
  memberId: string | null
  nickname: string
  tierId: string
  persona: PersonaId | null
  input: RfmInput
  segment: SegmentId
  scores: RfmScores
}

export interface Segmentation {
  cuts: RfmCuts
  members: PlacedMember[]
}

const personaOf = (m: MemberRecord): PersonaId | null => {
  const id = m.subject.startsWith('persona:') ? m.subject.slice('persona:'.length) : null
  return PERSONA_IDS.find((p) => p === id) ?? null
}

/** Every member placed, by cut points from all of them. */
export function segmentAll(db: Db, now: number, population: Population): Segmentation {
  const rows: Omit<PlacedMember, 'segment' | 'scores'>[] = []
  for (const m of population.members)
    rows.push({
      index: m.index,
      memberId: null,
      nickname: m.nickname,
      tierId: m.tierId,
      persona: null,
      input: rfmInput(m.checkouts, m.joinedAt, now),
    })
  // Read-only here: no change is made, so the records are not noted for a transaction.
  for (const m of Object.values(db.members))
    rows.push({
      index: -1,
      memberId: m.id,
      nickname: m.nickname,
      tierId: m.tierId,
      persona: personaOf(m),
      input: memberRfmInput(m, now),
    })
  const { cuts, placed } = segmentPopulation(rows.map((r) => r.input))
  return { cuts, members: rows.map((r, i) => ({ ...r, ...placed[i] })) }
}

const pct = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0)

/** Share of the total from the top fifth of values. */
export function top20Share(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => b - a)
  const total = sorted.reduce((s, x) => s + x, 0)
  const top = sorted.slice(0, Math.ceil(sorted.length / 5)).reduce((s, x) => s + x, 0)
  return pct(top, total)
}

const EXAMPLES = 3

/** The console's segment report: counts, spend and share of sales per segment, examples, cut points. */
export function segmentsReport(db: Db, now: number, population: Population): SegmentsReport {
  const { cuts, members } = segmentAll(db, now, population)
  const salesFen = members.reduce((s, m) => s + m.input.monetaryFen, 0)
  const tierName = (id: string) => db.programme.tiers.find((t) => t.id === id)?.name ?? id
  const bySegment = new Map<SegmentId, PlacedMember[]>(SEGMENTS.map((s) => [s.id, []]))
  for (const m of members) bySegment.get(m.segment)!.push(m)
  return {
    asOf: now,
    members: members.length,
    populationMembers: population.members.length,
    stateMembers: members.length - population.members.length,
    salesFen,
    top20SharePct: top20Share(members.map((m) => m.input.monetaryFen)),
    cuts,
    defaultCuts: DEFAULT_RFM_CUTS,
    highScore: { ...HIGH_SCORE },
    newMemberDays: NEW_MEMBER_DAYS,
    segments: SEGMENTS.map((s) => {
      const list = bySegment.get(s.id)!
      const spendFen = list.reduce((sum, m) => sum + m.input.monetaryFen, 0)
      // Demo personas first (the console can point at them), then the biggest spenders.
      const examples = [...list]
        .sort((a, b) => Number(!!b.persona) - Number(!!a.persona) || b.input.monetaryFen - a.input.monetaryFen)
        .slice(0, EXAMPLES)
      return {
        ...s,
        members: list.length,
        spendFen,
        shareOfSalesPct: pct(spendFen, salesFen),
        avgSpendFen: list.length ? Math.round(spendFen / list.length) : 0,
        examples: examples.map((m) => ({
          name: maskName(m.nickname),
          tierName: tierName(m.tierId),
          recencyDays: m.input.recencyDays,
          frequency: m.input.frequency,
          monetaryFen: m.input.monetaryFen,
          persona: m.persona,
        })),
      }
    }),
  }
}
