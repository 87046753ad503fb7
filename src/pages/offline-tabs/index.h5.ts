/**
 * In H5 a page's code is fetched on its first visit. Offline, that fetch fails after the router has
 * already moved the address to the new page, while the old page stays on screen with its tab bar:
 * put the address back on the page shown, and say why nothing opened.
 */
import Taro from '@tarojs/taro'
import { TAB_ROUTES } from '../routes'

const isChunkFailure = (reason: unknown) => reason instanceof Error && reason.name === 'ChunkLoadError'

export function guardTabs(): void {
  window.addEventListener('unhandledrejection', (e) => {
    if (!isChunkFailure(e.reason)) return
    e.preventDefault()
    // Taro's current page changes only once a page has loaded: it is the one still on screen.
    const shown = Taro.getCurrentInstance().router?.path.split('?')[0] ?? ''
    if (TAB_ROUTES.includes(shown)) void Taro.switchTab({ url: shown })
    void Taro.showToast({ title: '网络不可用，页面未能打开，请联网后再试', icon: 'none' })
  })
}
