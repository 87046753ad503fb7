/** Every part of the backend installed apart from the router's own handlers, for the HTTP server and the tests. */
import { installHandlers } from '../router'
import { consoleHandlers } from './console'
import { inviteHandlers } from './invite'
import { tagsHandlers } from './tags'

export function installAllParts(): void {
  installHandlers(consoleHandlers)
  installHandlers(tagsHandlers)
  installHandlers(inviteHandlers)
}
