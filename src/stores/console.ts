/**
 * 运营台 (the operator console), staff-scoped: segments of the member base, campaigns to a segment, and
 * the programme's economics. Every call carries the staff key (useStaff), never a member session; the
 * answers are the whole brand's, so nothing here is cleared when the member on this phone changes.
 */
import { create } from 'zustand'
import type {
  Campaign,
  CampaignPreview,
  CampaignRequest,
  CampaignsList,
  Economics,
  SegmentsReport,
} from '@/api/contract'
import { describeError, HttpError } from '@/api/errors'
import { api } from './api'
import { withAttempt } from './attempts'
import { useStaff } from './staff'
import { installConsoleBackend } from '@/backend/console'

// In local mode the console's part of the backend comes with this store (see backend/console.ts).
installConsoleBackend()

/** One part of the console as loaded: the answer, whether a load is on its way, and a failure in Chinese. */
export interface Loadable<T> {
  data: T | null
  loading: boolean
  error: string | null
}

const idle = <T>(): Loadable<T> => ({ data: null, loading: false, error: null })

interface ConsoleState {
  segments: Loadable<SegmentsReport>
  campaigns: Loadable<CampaignsList>
  economics: Loadable<Economics>
  /** The staff key was refused (wrong or out of date): the message to show at the key gate. */
  keyRefused: string | null
  loadSegments: () => Promise<void>
  loadCampaigns: () => Promise<void>
  loadEconomics: () => Promise<void>
  /** What sending would do, for the staff to confirm. */
  preview: (request: CampaignRequest) => Promise<CampaignPreview>
  /**
   * Send once: the same campaign tapped again while the first is on its way joins it, and a retry
   * after a lost answer carries the same idempotency key, so members get it once.
   */
  send: (request: CampaignRequest) => Promise<Campaign>
  /** Forget everything loaded (the key was cleared or changed). */
  reset: () => void
}

/** The send on its way, by campaign: a second tap gets the same promise. */
const sending = new Map<string, Promise<Campaign>>()

/** A refusal of the staff key itself (not of what was asked). */
function isKeyRefusal(e: unknown): boolean {
  return e instanceof HttpError && (e.code === 'staff_unauthorized' || e.code === 'staff_key_required')
}

export const useConsole = create<ConsoleState>()((set, get) => {
  /** Load one part; a refused key is forgotten (kept like the staff area keeps it) and said at the gate. */
  async function load<K extends 'segments' | 'campaigns' | 'economics'>(
    part: K,
    fetch: () => Promise<NonNullable<ConsoleState[K]['data']>>,
  ): Promise<void> {
    set({ [part]: { ...get()[part], loading: true } } as Partial<ConsoleState>)
    try {
      const data = await fetch()
      set({ [part]: { data, loading: false, error: null }, keyRefused: null } as Partial<ConsoleState>)
    } catch (e) {
      set({ [part]: { ...get()[part], loading: false, error: describeError(e) } } as Partial<ConsoleState>)
      if (isKeyRefusal(e)) {
        useStaff.getState().setKey(null)
        set({ keyRefused: describeError(e) })
      }
    }
  }

  return {
    segments: idle(),
    campaigns: idle(),
    economics: idle(),
    keyRefused: null,
    loadSegments: () => load('segments', () => api().staffConsoleSegments()),
    loadCampaigns: () => load('campaigns', () => api().staffListCampaigns()),
    loadEconomics: () => load('economics', () => api().staffConsoleEconomics()),
    preview: (request) => api().staffPreviewCampaign(request),
    send(request) {
      const name = `console|campaign:${JSON.stringify(request)}`
      const running = sending.get(name)
      if (running) return running
      const attempt = withAttempt(name, (idempotencyKey) => api().staffSendCampaign(request, { idempotencyKey }))
        .then(({ campaign }) => {
          const list = get().campaigns.data
          if (list)
            set({ campaigns: { ...get().campaigns, data: { ...list, campaigns: [campaign, ...list.campaigns] } } })
          return campaign
        })
        .finally(() => sending.delete(name))
      sending.set(name, attempt)
      return attempt
    },
    reset: () => set({ segments: idle(), campaigns: idle(), economics: idle() }),
  }
})
