// Renders the tab bar icons (81×81 PNG, as WeChat asks) from inline SVG in Debian's chromium.
// Run once when an icon changes: node scripts/make-tab-icons.mjs
import { openPhone } from '../tests/e2e/browser.mjs'

const ICONS = {
  card: '<rect x="10" y="20" width="61" height="42" rx="8" fill="none" stroke="C" stroke-width="5"/><line x1="10" y1="33" x2="71" y2="33" stroke="C" stroke-width="5"/><line x1="20" y1="50" x2="36" y2="50" stroke="C" stroke-width="5" stroke-linecap="round"/>',
  coupon:
    '<path d="M12 22h57v12a7 7 0 0 0 0 14v12H12V48a7 7 0 0 0 0-14z" fill="none" stroke="C" stroke-width="5" stroke-linejoin="round"/><line x1="46" y1="24" x2="46" y2="58" stroke="C" stroke-width="4" stroke-dasharray="5 5"/>',
  day: '<rect x="12" y="17" width="57" height="50" rx="8" fill="none" stroke="C" stroke-width="5"/><line x1="12" y1="31" x2="69" y2="31" stroke="C" stroke-width="5"/><line x1="27" y1="11" x2="27" y2="22" stroke="C" stroke-width="5" stroke-linecap="round"/><line x1="54" y1="11" x2="54" y2="22" stroke="C" stroke-width="5" stroke-linecap="round"/><path d="M40.5 38l3.6 7.3 8 1.2-5.8 5.6 1.4 8-7.2-3.8-7.2 3.8 1.4-8-5.8-5.6 8-1.2z" fill="C"/>',
  me: '<circle cx="40.5" cy="29" r="13" fill="none" stroke="C" stroke-width="5"/><path d="M16 68c3-14 13-21 24.5-21S62 54 65 68" fill="none" stroke="C" stroke-width="5" stroke-linecap="round"/>',
}
const COLORS = { '': '#9aa19c', '-active': '#3d5a45' }

const { page, close } = await openPhone({ width: 81, height: 81 })
for (const [name, body] of Object.entries(ICONS)) {
  for (const [suffix, color] of Object.entries(COLORS)) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="81" height="81" viewBox="0 0 81 81">${body.replaceAll('C', color)}</svg>`
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
    await page
      .locator('svg')
      .screenshot({ path: `src/assets/tab/${name}${suffix}.png`, omitBackground: true, scale: 'css' })
  }
}
await close()
