/**
 * 消息: the member's inbox (stored notices and messages made from their state, with the unread count
 * the card tab shows), read and delete, and the WeChat reminders they granted (counts and outbox).
 */
import { create } from 'zustand'
import type { InboxMessage, Subscriptions } from '@/api/contract'
import { describeError, HttpError } from '@/api/errors'
import { api } from './api'
import { asMember, onMemberChange } from './member-scope'

interface InboxState {
  messages: InboxMessage[]
  unread: number
  loading: boolean
  /** A list (or a failure) has come for this member: an empty list now means no messages. */
  answered: boolean
  /** Chinese copy of the last failure, null after a success. */
  error: string | null
  subscriptions: Subscriptions | null
  subscriptionsError: string | null
  load: () => Promise<void>
  /** Mark one message read (shown read at once; the count comes from the backend). */
  markRead: (id: string) => Promise<void>
  markAllRead: () => Promise<void>
  /** Delete a message (gone at once; put back when the backend refuses). */
  remove: (id: string) => Promise<void>
  loadSubscriptions: () => Promise<void>
  /** The reminder kinds the member accepted in WeChat's sheet: one grant each. */
  addReminders: (kinds: string[]) => Promise<void>
}

/** The newest tier-change notice (the inbox lists other kinds too; an older backend's notices were all tier changes). */
export function tierNotice(messages: InboxMessage[]): InboxMessage | null {
  return messages.reduce<InboxMessage | null>(
    (a, m) => ((m.kind ?? 'tier') === 'tier' && (!a || m.at > a.at) ? m : a),
    null,
  )
}

const unreadOf = (messages: InboxMessage[]) => messages.filter((m) => m.read === false).length

/** Reads and deletes sent or answered so far: a list fetched across one may not show it, so it is asked for again. */
let moves = 0
async function moving<T>(fn: () => Promise<T>): Promise<T> {
  moves++
  try {
    return await fn()
  } finally {
    moves++
  }
}

export const useInbox = create<InboxState>()((set, get) => ({
  messages: [],
  unread: 0,
  loading: false,
  answered: false,
  error: null,
  subscriptions: null,
  subscriptionsError: null,
  async load() {
    set({ loading: true })
    const movesBefore = moves
    const answer = await asMember(() => api().getMessages(), { signIn: true })
    if (!answer.mine) return set({ loading: false })
    if (moves !== movesBefore) return get().load()
    if (!answer.ok) return set({ loading: false, answered: true, error: describeError(answer.error) })
    const { messages, unread } = answer.value
    set({ messages, unread, loading: false, answered: true, error: null })
  },
  async markRead(id) {
    const was = get().messages
    const messages = was.map((m) => (m.id === id ? { ...m, read: true } : m))
    set({ messages, unread: Math.min(get().unread, unreadOf(messages)) })
    const answer = await moving(() => asMember(() => api().readMessages({ id })))
    if (!answer.mine) return
    // Refused (gone meanwhile) or offline: the list comes fresh, as the backend has it.
    if (answer.ok) set({ unread: answer.value.unread })
    else void get().load()
  },
  async markAllRead() {
    set({ messages: get().messages.map((m) => ({ ...m, read: true })), unread: 0 })
    const answer = await moving(() => asMember(() => api().readMessages({ all: true })))
    if (!answer.mine) return
    if (!answer.ok) {
      void get().load()
      throw answer.error
    }
    set({ unread: answer.value.unread })
  },
  async remove(id) {
    const was = get().messages
    const messages = was.filter((m) => m.id !== id)
    set({ messages, unread: unreadOf(messages) })
    const answer = await moving(() => asMember(() => api().deleteMessage({ id })))
    if (!answer.mine) return
    if (answer.ok) return set({ unread: answer.value.unread })
    // Already gone there (deleted on another phone): it stays gone here too.
    if (answer.error instanceof HttpError && answer.error.code === 'message_unknown') return
    set({ messages: was, unread: unreadOf(was) })
    throw answer.error
  },
  async loadSubscriptions() {
    const answer = await asMember(() => api().getSubscriptions(), { signIn: true })
    if (!answer.mine) return
    if (!answer.ok) return set({ subscriptionsError: describeError(answer.error) })
    set({ subscriptions: answer.value, subscriptionsError: null })
  },
  async addReminders(kinds) {
    if (kinds.length === 0) return
    const answer = await asMember(({ idempotencyKey }) => api().addSubscriptions({ kinds }, { idempotencyKey }), {
      attempt: `subscribe:${kinds.join(',')}`,
    })
    if (!answer.mine) return
    if (!answer.ok) throw answer.error
    set({ subscriptions: answer.value, subscriptionsError: null })
  },
}))

// Another member's messages never show: everything goes when the member changes.
onMemberChange({
  changed: () =>
    useInbox.setState({
      messages: [],
      unread: 0,
      answered: false,
      error: null,
      subscriptions: null,
      subscriptionsError: null,
    }),
  signedInAgain: () => {
    if (useInbox.getState().answered) void useInbox.getState().load()
  },
})
