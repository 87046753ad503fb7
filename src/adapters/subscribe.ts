/** WeChat's one-time subscribe message: the member agrees, in WeChat's own sheet, to one reminder per template. */
import Taro from '@tarojs/taro'

/** True when the member accepted (always true outside WeChat, where the backend only records the wish). */
export async function askToSubscribe(templateId: string): Promise<boolean> {
  if (process.env.TARO_ENV !== 'weapp') return true
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] })) as unknown as Record<
      string,
      string
    >
    return answer[templateId] === 'accept'
  } catch {
    return false
  }
}

/** WeChat shows at most this many templates in one subscribe sheet. */
export const SUBSCRIBE_SHEET_MAX = 3

/**
 * The templates the member accepted in WeChat's sheet (each grants one message), or null outside
 * WeChat, which has no such sheet (the page then says what it simulates).
 */
export async function askForReminders(templateIds: string[]): Promise<string[] | null> {
  if (process.env.TARO_ENV !== 'weapp') return null
  const tmplIds = templateIds.slice(0, SUBSCRIBE_SHEET_MAX)
  try {
    const answer = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })) as unknown as Record<string, string>
    return tmplIds.filter((id) => answer[id] === 'accept')
  } catch {
    return []
  }
}
