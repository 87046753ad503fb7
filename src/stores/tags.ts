/** 我的标签: the tags and RFM segment the brand holds on the member, with their evidence (read only). */
import { create } from 'zustand'
import type { MyTags } from '@/api/contract'
import { describeError } from '@/api/errors'
import { api } from './api'
import { asMember, onMemberChange } from './member-scope'
import { installTagsBackend } from '@/backend/tags'

// In local mode this page's part of the backend comes with this store (see src/backend/tags.ts).
installTagsBackend()

interface TagsState {
  tags: MyTags | null
  loading: boolean
  /** Chinese copy of the last load's failure, null after a success. */
  error: string | null
  load: () => Promise<void>
}

export const useTags = create<TagsState>()((set) => ({
  tags: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true })
    const answer = await asMember(() => api().getMyTags(), { signIn: true })
    if (!answer.mine) return set({ loading: false })
    if (!answer.ok) return set({ loading: false, error: describeError(answer.error) })
    set({ tags: answer.value, loading: false, error: null })
  },
}))

onMemberChange({
  changed: () => useTags.setState({ tags: null, loading: false, error: null }),
  signedInAgain: () => {
    if (useTags.getState().tags) void useTags.getState().load()
  },
})
