/** H5 only (index.h5.ts): a mini-program's pages are all on the phone, so a tab always opens. */
export function guardTabs(): void {}
