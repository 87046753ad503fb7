/** What pages need to know about failures: Chinese copy, and which refusal it was. */
export { describeError, HttpError, isOfflineError } from '@/api/errors'
