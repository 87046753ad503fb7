/**
 * In WeChat the tab bar is WeChat's own, drawn from app.config's tabBar: a tab page is returned as it
 * is. The H5 build draws its own bar (index.h5.tsx).
 */
import { type ComponentType } from 'react'

/** The tab page `Page`, shown at `_route` (a path in ROUTES), with the tab bar below it. */
export function withTabBar<P extends object>(Page: ComponentType<P>, _route: string): ComponentType<P> {
  return Page
}
