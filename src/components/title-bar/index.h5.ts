/**
 * In H5, Taro draws a title bar above every page (app.config's `navigationStyle: 'default'`, set for
 * H5 only): the page's navigationBarTitleText and 返回 (navigateBack), or 首页 (back to the card)
 * when the page was opened from a link and there is nothing to go back to. Tab pages hide it
 * (index.scss). Taro's buttons are bare divs: name them for screen readers and the keyboard.
 */
import './index.scss'

function asButton(el: Element | undefined, label: string): void {
  if (!(el instanceof HTMLElement) || el.getAttribute('role') === 'button') return
  el.setAttribute('role', 'button')
  el.setAttribute('aria-label', label)
  el.tabIndex = 0
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      el.click()
    }
  })
}

export function labelTitleBar(): void {
  const bar = document.getElementById('taro-navigation-bar')
  if (!bar) return
  asButton(bar.getElementsByClassName('taro-navigation-bar-back')[0], '返回')
  asButton(bar.getElementsByClassName('taro-navigation-bar-home')[0], '返回会员卡')
  // The title is the page's heading.
  const title = bar.getElementsByClassName('taro-navigation-bar-title')[0]
  title?.setAttribute('role', 'heading')
  title?.setAttribute('aria-level', '1')
}
