/** 注销账号: what closing would take away, and closing it (the phone then signs in as nobody's card). */
import { create } from 'zustand'
import type { ErasePreview } from '@/api/contract'
import { api } from './api'
import { withAttempt } from './attempts'
import { useCard } from './card'
import { asMember, onMemberChange, valueOf } from './member-scope'
import { useSession } from './session'

interface AccountState {
  /** What closing takes away, as the backend counts it now; null until loaded. */
  preview: ErasePreview | null
  loadPreview: () => Promise<void>
  /** Close the account; resolves once the backend has erased it and this phone holds no card. */
  erase: () => Promise<void>
}

export const useAccount = create<AccountState>()((set) => ({
  preview: null,
  async loadPreview() {
    const preview = valueOf(await asMember(() => api().getErasePreview(), { signIn: true }))
    if (preview) set({ preview })
  },
  async erase() {
    const memberId = useSession.getState().memberId
    // Not through asMember: after a lost answer the retry signs in again and may come back as no
    // member at all, which is the erase having landed, not another member's answer.
    await withAttempt(`${memberId ?? 'visitor'}|erase`, (idempotencyKey) => api().eraseAccount({}, { idempotencyKey }))
    useSession.getState().accountClosed()
    useCard.getState().clear()
    set({ preview: null })
  },
}))

onMemberChange({ changed: () => useAccount.setState({ preview: null }) })
