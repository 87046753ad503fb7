/** What a member does on a page in jsdom: type into Taro's inputs and tap things. */

/** Type into a field: Taro's Input is a web component that emits `input` with the value in `detail`. */
/** Type into the field with `placeholder` (Taro's Input emits `input` with the value in `detail`), in `root` (default: the document). */
export function typeInto(placeholder: string, value: string, root: ParentNode = document): void {
  const field = Array.from(root.querySelectorAll('taro-input-core')).find(
    (i) => i.getAttribute('placeholder') === placeholder,
  )
  if (!field) throw new Error(`no field "${placeholder}"`)
  field.dispatchEvent(new CustomEvent('input', { bubbles: true, detail: { value } }))
}

export function click(selector: string): void {
  const el = document.querySelector(selector) as HTMLElement | null
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.click()
}
