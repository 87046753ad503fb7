import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { PERSONA_IDS, type PersonaId } from '@/api/contract'
import { useSession } from '@/stores/session'
import { useStaff } from '@/stores/staff'
import { labelTitleBar } from './components/title-bar'
import { guardTabs } from './pages/offline-tabs'
import './app.scss'

/** A launch query parameter, or in H5 one in the URL (its hash part included). */
function linkParam(query: Record<string, string | undefined> | undefined, name: string): string | undefined {
  let value = query?.[name]
  if (!value && process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    value = new RegExp(`[?&]${name}=([\\w-]+)`).exec(window.location.href)?.[1]
  }
  return value
}

/** `?persona=<id>` on any H5 URL (or the mini-program's launch query) signs in as that demo persona. */
function personaFrom(query: Record<string, string | undefined> | undefined): PersonaId | null {
  const value = linkParam(query, 'persona')
  return value && (PERSONA_IDS as readonly string[]).includes(value) ? (value as PersonaId) : null
}

// A persona link pasted into an open H5 tab only changes the hash: start again so it takes effect.
// The demo test is written out (not DEMO from build-flags) so a brand build folds all of this away.
if (process.env.TARO_APP_DEMO !== '0' && process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  window.addEventListener('hashchange', (e) => {
    const persona = /[?&]persona=([\w-]+)/.exec(e.newURL)?.[1]
    if (persona && persona !== useSession.getState().persona) window.location.reload()
  })
}

function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    if (process.env.TARO_ENV === 'h5') {
      labelTitleBar()
      guardTabs()
    }
    // A brand build has no personas: `?persona=` is ignored there (written out for the same reason).
    const query = options?.query as Record<string, string | undefined>
    const persona = process.env.TARO_APP_DEMO !== '0' ? personaFrom(query) : null
    // A demo link may carry the staff key (`&staffKey=`): kept like one typed in, and the persona is rebuilt.
    const staffKey = process.env.TARO_APP_DEMO !== '0' ? linkParam(query, 'staffKey') : undefined
    if (staffKey) useStaff.getState().setKey(staffKey)
    useSession
      .getState()
      .ready(persona, Boolean(staffKey))
      .catch(() => {
        // Offline at launch: pages show the cached card and the offline banner, and retry on show.
      })
  })
  return children
}

export default App
