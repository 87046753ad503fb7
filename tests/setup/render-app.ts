/**
 * Mount the real app (src/app.tsx + app.config) with Taro's H5 router in jsdom, so page tests go
 * through the page lifecycle (useDidShow, pull-down refresh) over the in-process mock backend.
 * test-utils' own createApp() calls Taro 3's router signature; this is the Taro 4 version.
 */
import * as React from 'react'
import ReactDOM from 'react-dom/client'
import TestUtils from '@tarojs/test-utils-react'
import { createReactApp } from '@tarojs/plugin-framework-react/dist/runtime'
import { createHashHistory, createRouter, handleAppMount } from '@tarojs/router'
import { proxyAppLifeCycle } from '@tarojs/test-utils-shared'

type AnyConfig = Record<string, unknown> & { pages: string[]; subPackages?: { root: string; pages: string[] }[] }

export const utils = new TestUtils()

export async function renderApp(startPath: string): Promise<void> {
  const g = globalThis as unknown as Record<string, unknown>
  g.defineAppConfig = (c: unknown) => c
  g.definePageConfig = (c: unknown) => c
  window.location.hash = `#/${startPath}`
  // Let the hashchange event pass first, or the router opens the start page a second time.
  await new Promise((r) => setTimeout(r, 0))
  document.body.innerHTML = '<div id="app"></div>'
  const App = require('@/app').default
  const base = require('@/app.config').default as AnyConfig
  const paths = [...base.pages, ...(base.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  const config = {
    ...base,
    router: { mode: 'hash' },
    routes: paths.map((path) => ({
      path,
      load: async (context: unknown, params: unknown) => [require(`@/${path}`).default, context, params],
    })),
  }
  // As Taro's H5 loader does: the H5 tab bar reads its items from here.
  ;(window as unknown as { __taroAppConfig: unknown }).__taroAppConfig = config
  // Taro's runtime types are not exported for this internal wiring; the shapes match its own createApp.
  const app = createReactApp(App, React, ReactDOM as never, config as never)
  proxyAppLifeCycle(app)
  const history = createHashHistory({ window })
  handleAppMount(config as never, history)
  createRouter(history, app, config as never, 'React')
  await utils.PageLifecycle.onShow(`/${startPath}`)
}

/** Whether `content` contains `text` (or matches it). */
const shows = (content: string, text: string | RegExp) =>
  typeof text === 'string' ? content.includes(text) : text.test(content)

/** Wait until the page's text contains `text` (or passes the predicate). */
export async function waitForText(
  text: string | RegExp | ((content: string) => boolean),
  timeoutMs = 4000,
): Promise<string> {
  const start = Date.now()
  for (;;) {
    const content = document.body.textContent ?? ''
    const ok = typeof text === 'function' ? text(content) : shows(content, text)
    if (ok) return content
    if (Date.now() - start > timeoutMs)
      throw new Error(`text ${String(text)} not found; page says: ${content.slice(0, 400)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * Wait until the card tab shows `text` and what lies below the card (rendered in the render after the
 * card's first frame: the tier progress, shortcuts and benefits); resolves to the page's text.
 */
export function waitForWholeCard(text: string | RegExp): Promise<string> {
  return waitForText((content) => shows(content, text) && content.includes('查看等级规则与权益'))
}

/** Show the current page again, as returning to it from another tab or from the background does. */
export function showCurrentPage(): void {
  const { Current } = require('@tarojs/runtime') as { Current: { page?: { onShow?: () => void } | null } }
  if (!Current.page?.onShow) throw new Error('no page is shown')
  Current.page.onShow()
}
