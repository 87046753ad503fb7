/**
 * The receipt claim page as a shopper who forgot the member code uses it: paste the receipt's
 * token, get the points once; anything else is refused in words.
 */
import { renderApp, waitForText } from '../setup/render-app'
import { wire } from '../setup/wire'
import type { Receipt } from '@/api/contract'
import { pointsForSpend } from '@/domain/tiers'
import { useCard } from '@/stores/card'
import { useSession } from '@/stores/session'
import { useTill } from '@/stores/till'
import { testClock } from '../setup/clock'

jest.mock('@/backend', () => require('../setup/wire').mockBackendModule())

// On an ordinary morning, not the wall clock: a run at midnight or on a member day sees the same page.
testClock()

const TOKEN_FIELD = '或粘贴小票积分码（MCR. 开头）'
const SILVER_PCT = 120

/** Paste into the token field: Taro's Textarea emits `input` with the value in `detail`. */
async function paste(value: string) {
  const field = document.querySelector(`taro-textarea-core[placeholder="${TOKEN_FIELD}"]`)
  if (!field) throw new Error(`no token field; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  field.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value } }))
  await waitForText(() => (field as Element & { value?: string }).value === value)
}

function claimButton(): HTMLElement {
  const b = Array.from(document.querySelectorAll<HTMLElement>('taro-button-core')).find(
    (e) => e.textContent?.trim() === '补录积分',
  )
  if (!b) throw new Error(`no 补录积分 button; page says: ${(document.body.textContent ?? '').slice(0, 300)}`)
  return b
}

const errorText = () => document.querySelector('.claim-page__error')?.textContent ?? ''
const claims = () => wire.requests.filter((r) => r.method === 'POST' && r.path === '/receipts/claim')

/** A checkout at the demo till where the shopper showed no member code: the receipt carries the claim QR. */
async function anonymousReceipt(amountFen: number): Promise<Receipt> {
  useTill.getState().setKey('DEMO-TILL-1')
  await useTill.getState().loadTill()
  const receipt = await useTill.getState().checkout({ amountFen })
  expect(receipt.member).toBeNull()
  expect(receipt.pointsEarned).toBe(0)
  expect(receipt.claimToken).toMatch(/^MCR\./)
  return receipt
}

/** The card's points as the backend has them now (after any refresh already on its way). */
async function cardPoints(): Promise<number> {
  // refresh() answers 'ok' at once while another refresh is running: let that one land first.
  await waitForText(() => !useCard.getState().loading)
  expect(await useCard.getState().refresh()).toBe('ok')
  return useCard.getState().card?.points ?? NaN
}

/** Skip the celebration if it is up, so the page below can be read on its own. */
async function skipCeremony() {
  const c = document.querySelector<HTMLElement>('.ceremony')
  if (c) c.click()
  await waitForText(() => document.querySelector('.ceremony') === null)
}

beforeAll(async () => {
  await useSession.getState().ready('silver')
  // Let the hash change land before the router listens (else it pushes a second claim page).
  window.location.hash = '#/packages/claim/index'
  await new Promise((r) => setTimeout(r, 0))
  await renderApp('packages/claim/index')
  await waitForText('忘记出示会员码？')
  expect(document.querySelectorAll('.claim-page')).toHaveLength(1)
}, 20000)

beforeEach(async () => {
  wire.reset()
  // A celebration left up by an earlier test would cover the page.
  await skipCeremony()
})

test('a receipt token gives its points once; claiming it again says it was already claimed', async () => {
  await useSession.getState().switchPersona('silver')
  const before = await cardPoints()
  const receipt = await anonymousReceipt(88_00)
  const earned = pointsForSpend(88_00, SILVER_PCT)
  expect(earned).toBe(105)

  // Pasted with the stray spaces and line break a copy from a chat brings along.
  await paste(`  ${receipt.claimToken}\n`)
  claimButton().click()
  const text = await waitForText(`+${earned} 积分`)
  expect(text).toContain(`+${earned} 积分已到账`)
  expect(text).toContain(`${receipt.storeName} · 消费 ¥88`)
  expect(text).toContain(`当前积分 ${(before + earned).toLocaleString('en-US')}`)
  expect(await cardPoints()).toBe(before + earned)
  await skipCeremony()

  // Scanned again later: refused in words, no second celebration, no points.
  await paste(receipt.claimToken)
  claimButton().click()
  await waitForText(() => claims().length === 2 && !(document.body.textContent ?? '').includes('补录中…'))
  await waitForText(() => errorText() !== '' || document.querySelector('.ceremony') !== null)
  expect(document.querySelector('.ceremony')?.textContent ?? null).toBeNull()
  expect(errorText()).toBe('这张小票的积分你已经领取过了')
  expect(await cardPoints()).toBe(before + earned)
}, 20000)

test('a receipt another member has claimed is refused, and so is a refunded one', async () => {
  await useSession.getState().switchPersona('silver')
  const taken = await anonymousReceipt(30_00)
  await useCard.getState().claimReceipt(taken.claimToken)
  const refunded = await anonymousReceipt(40_00)
  await useTill.getState().refund(refunded.receiptId)

  await useSession.getState().switchPersona('black')
  const before = await cardPoints()
  await paste(taken.claimToken)
  claimButton().click()
  await waitForText(() => errorText() === '这张小票的积分已被其他会员领取')
  await paste(refunded.claimToken)
  claimButton().click()
  await waitForText(() => errorText() === '这张小票已退款，不能再领取积分')
  expect(await cardPoints()).toBe(before)
}, 20000)

test('anything that is not a receipt token is refused with what to scan instead', async () => {
  const receipt = await anonymousReceipt(25_00)
  const before = await cardPoints()
  // The last claim's result may still be on the page: a refusal adds none.
  const lastResult = document.querySelector('.claim-page__result')?.textContent ?? null
  // The last character of the signature changed: a forged or mistyped token.
  const last = receipt.claimToken.slice(-1)
  const forged = receipt.claimToken.slice(0, -1) + (last === '0' ? '1' : '0')
  for (const garbage of ['hello', 'MCR.R00000001.1.abc', forged, '661000000002123456']) {
    await paste(garbage)
    claimButton().click()
    await waitForText(
      () => errorText() === '无法识别这张小票的二维码，请扫描小票底部的积分二维码' && claims().length > 0,
    )
    expect(document.querySelector('.claim-page__result')?.textContent ?? null).toBe(lastResult)
    expect(document.querySelector('.ceremony')).toBeNull()
    wire.reset()
    // Clear the message so the next refusal is seen afresh.
    await paste('')
    claimButton().click()
    await waitForText(() => errorText() === '请扫描或粘贴小票底部的积分二维码内容')
    expect(claims()).toHaveLength(0)
  }
  expect(await cardPoints()).toBe(before)
}, 20000)
