/**
 * Theme colours for what styles cannot reach (WeChat's own dialogs draw their buttons from these);
 * the same values as src/styles/theme.scss.
 */
export const BRAND_COLOR = '#3d5a45'
