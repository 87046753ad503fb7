import { useEffect, useRef, useState } from 'react'
import { Ceremony } from './index'

/** A badge the member earned lately, as the backend words it. */
export interface BadgeNews {
  badge: string
  title: string
  subtitle: string
}

/** The badge's colour: the gold of the honour on the card face. */
const BADGE_COLOR = '#86611a'

/**
 * The ceremony for a badge earned, once: it is counted as shown the moment it appears (`onShown`,
 * which clears the flag), so leaving the page before it ends does not bring it back.
 */
export function BadgeCeremony({ news, onShown }: { news: BadgeNews | null; onShown: (badge: string) => void }) {
  const [showing, setShowing] = useState<BadgeNews | null>(null)
  const shown = useRef(onShown)
  shown.current = onShown
  const badge = news?.badge
  useEffect(() => {
    if (!news) return
    setShowing(news)
    shown.current(news.badge)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new badge starts it again; the flag going back to null (cleared) does not end it
  }, [badge])
  if (!showing) return null
  return (
    <Ceremony title={showing.title} subtitle={showing.subtitle} color={BADGE_COLOR} onDone={() => setShowing(null)} />
  )
}
