/**
 * The H5 title bar (index.h5.ts). WeChat draws its own bar with back and home, so the mini-program
 * build gets nothing from here.
 */
export function labelTitleBar(): void {}
