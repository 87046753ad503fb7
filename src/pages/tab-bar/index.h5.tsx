/**
 * The H5 tab bar: ours, not Taro's. Taro's bar is a web component that renders in an animation frame
 * of its own, with a layout and a paint, before the first page's code runs; a returning member's card
 * and member code waited for it. app.config marks the H5 tab bar `custom`, so Taro's router still
 * keeps tab pages alive across switchTab but draws no bar, and each tab page draws this one, as
 * WeChat's custom-tab-bar would.
 *
 * Items, icons and colours are app.config's tabBar (Taro's loader puts the config on the window with
 * the icons' built addresses). Pages mark tabs with Taro's setTabBarBadge, removeTabBarBadge,
 * showTabBarRedDot and hideTabBarRedDot, as in WeChat: in H5 those send events, answered here.
 */
import { type ComponentType, type KeyboardEvent, useSyncExternalStore } from 'react'
import Taro from '@tarojs/taro'
import './index.scss'

type TabItem = { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }
type TabBarConfig = { color?: string; selectedColor?: string; backgroundColor?: string; list: TabItem[] }

const tabBarConfig = (): TabBarConfig | undefined =>
  (window as unknown as { __taroAppConfig?: { tabBar?: TabBarConfig } }).__taroAppConfig?.tabBar

/** A tab's mark: a badge's text, or a red dot. */
type Mark = { badge: string | null; dot: boolean }
const UNMARKED: Mark = { badge: null, dot: false }

let marks: readonly Mark[] = []
const listeners = new Set<() => void>()
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}
const currentMarks = () => marks

/** What Taro's H5 tab-bar APIs send with each event. */
type MarkRequest = {
  index: unknown
  text?: string
  successHandler: (res?: object) => void
  errorHandler: (res?: object) => void
}

function answer(change: (mark: Mark, request: MarkRequest) => Mark) {
  return (request: MarkRequest) => {
    const count = tabBarConfig()?.list.length ?? 0
    const { index } = request
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
      request.errorHandler({ errMsg: 'tabbar item not found' })
      return
    }
    const next = Array.from({ length: count }, (_, i) => marks[i] ?? UNMARKED)
    next[index] = change(next[index], request)
    marks = next
    for (const listener of listeners) listener()
    request.successHandler()
  }
}

Taro.eventCenter.on(
  '__taroSetTabBarBadge',
  answer((mark, { text }) => ({ ...mark, badge: text ?? '' })),
)
Taro.eventCenter.on(
  '__taroRemoveTabBarBadge',
  answer((mark) => ({ ...mark, badge: null })),
)
Taro.eventCenter.on(
  '__taroShowTabBarRedDotHandler',
  answer((mark) => ({ ...mark, dot: true })),
)
Taro.eventCenter.on(
  '__taroHideTabBarRedDotHandler',
  answer((mark) => ({ ...mark, dot: false })),
)

/** What a screen reader says for a tab: its label and its mark. */
function tabName(text: string, mark: Mark): string {
  if (mark.badge) return `${text}（${mark.badge}）`
  if (mark.dot) return `${text}（有新内容）`
  return text
}

function pressWithKeys(e: KeyboardEvent<HTMLElement>) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault()
    e.currentTarget.click()
  }
}

function TabBar({ route }: { route: string }) {
  const allMarks = useSyncExternalStore(subscribe, currentMarks)
  const config = tabBarConfig()
  if (!config) return null
  return (
    <nav className='tab-bar' role='tablist' style={{ backgroundColor: config.backgroundColor }}>
      {config.list.map((item, index) => {
        const url = `/${item.pagePath}`
        const on = url === route
        const mark = allMarks[index] ?? UNMARKED
        const icon = on ? item.selectedIconPath : item.iconPath
        return (
          <div
            key={item.pagePath}
            className={on ? 'tab-bar__item tab-bar__item--on' : 'tab-bar__item'}
            role='tab'
            aria-selected={on}
            aria-label={tabName(item.text, mark)}
            tabIndex={0}
            onKeyDown={pressWithKeys}
            // The router reports a page that cannot load (offline, never fetched): see offline-tabs.
            onClick={on ? undefined : () => void Taro.switchTab({ url })}
          >
            <span className='tab-bar__icon'>
              {icon ? <img className='tab-bar__image' src={icon} alt='' /> : null}
              {mark.badge !== null ? (
                <span className='tab-bar__badge'>{mark.badge}</span>
              ) : mark.dot ? (
                <span className='tab-bar__dot' />
              ) : null}
            </span>
            <span className='tab-bar__label' style={{ color: on ? config.selectedColor : config.color }}>
              {item.text}
            </span>
          </div>
        )
      })}
    </nav>
  )
}

/** The tab page `Page`, shown at `route` (a path in ROUTES), with the tab bar below it. */
export function withTabBar<P extends object>(Page: ComponentType<P>, route: string): ComponentType<P> {
  function TabPage(props: P) {
    return (
      <>
        <Page {...props} />
        <TabBar route={route} />
      </>
    )
  }
  TabPage.displayName = `WithTabBar(${Page.displayName ?? Page.name})`
  return TabPage
}
