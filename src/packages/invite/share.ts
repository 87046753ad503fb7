import type { InviteShare } from '@/api/contract'
import { ROUTES } from '@/pages/routes'

/** The card a share to a chat sends: the backend's title, and the join page with the code. */
export function chatShare(share: InviteShare | null): { title: string; path: string } {
  return share ? { title: share.title, path: share.path } : { title: '邀请你加入会员', path: ROUTES.join }
}

/**
 * A Moments post opens this page itself, in WeChat's single-page mode, with this query: the page
 * then leads the friend into the mini-program, where it opens the join page with the code.
 */
export function timelineShare(share: InviteShare | null): { title: string; query: string } {
  return share
    ? { title: share.title, query: `invite=${encodeURIComponent(share.code)}` }
    : { title: '邀请你加入会员', query: '' }
}
