/**
 * The picture the backend serves for each catalogue item, member-day product and coupon: a key the
 * app draws from its own small pictures ('latte'), or an image URL (a real backend's CDN, which http
 * mode shows as it is). Items not listed here have none.
 */
const PICTURE_OF: Readonly<Record<string, string>> = {
  // rewards
  'r-latte': 'latte',
  'r-5off': 'voucher',
  'r-cake': 'cake',
  'r-drip': 'gift',
  'r-mug': 'mug',
  'r-cinema': 'ticket',
  'r-tea': 'tea',
  'r-xmas': 'tumbler',
  // member-day products
  'p-latte': 'latte',
  'p-cold-brew': 'cold-brew',
  'p-basque': 'cake',
  'p-beans': 'beans',
  'p-tumbler': 'tumbler',
  // coupon templates: an item coupon shows its item, money off a voucher
  't-latte': 'latte',
  't-cake': 'cake',
}

/** The picture for a catalogue id, or null. */
export function pictureFor(id: string): string | null {
  return Object.prototype.hasOwnProperty.call(PICTURE_OF, id) ? PICTURE_OF[id] : null
}

/** A coupon's picture: its item's, else the voucher. */
export function couponPicture(templateId: string): string {
  return pictureFor(templateId) ?? 'voucher'
}
