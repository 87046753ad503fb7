import { createRoot } from 'react-dom/client'
import { MemberCard } from '@/components/member-card'
import { waitForText } from '../setup/render-app'

test('points shown at once, then counted up when they change', async () => {
  document.body.innerHTML = '<div id="root"></div>'
  const root = createRoot(document.getElementById('root')!)
  const props = { brand: '栖木咖啡', nickname: '阿青', cardId: '2000000001', tierName: '新会员', tierColor: '#6b7d8f' }
  root.render(<MemberCard {...props} points={100} />)
  await waitForText('100积分')
  expect(document.body.textContent).toContain('NO. 2000 **** 01')
  root.render(<MemberCard {...props} points={1300} />)
  const seen = new Set<string>()
  await waitForText((t) => {
    seen.add(document.querySelector('.member-card__points-value')?.textContent ?? '')
    return t.includes('1,300积分')
  })
  // It passed through values in between rather than jumping.
  expect([...seen].some((v) => v !== '100' && v !== '1,300')).toBe(true)
  root.unmount()
})
