/**
 * The mini-program's side of the card tab's start snapshot: nothing. WeChat keeps a page's last view
 * itself (`initialRenderingCache`); the H5 snapshot lives in index.ts (which Taro takes for H5).
 */
import type { CardSnapshotParts } from './index'

export type { CardSnapshotParts }
export function saveCardSnapshot(_parts: CardSnapshotParts): void {}
export function forgetCardSnapshot(_memberId: string | null): void {}
export function dropCardSnapshot(): void {}
