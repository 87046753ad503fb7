/** 我的标签's part of the backend, installed with the tags page (see router.ts, installHandlers). */
import { tagsOf } from '../engine/tags'
import type { HandlersOf, TagsEndpoint } from '../router'

export const tagsHandlers: HandlersOf<TagsEndpoint> = {
  getMyTags: (_input, { engine, session }) => tagsOf(engine.db, engine.settled(session.memberId), engine.now()),
}
