import { describe, expect, test } from 'vitest';
import { formatTranscript } from '../../connector/domain/transcript';
import type { MessageView } from '../../connector/domain/views';
import { SHEENA } from '../support/fixtures';

const at = Date.UTC(2026, 10, 25, 14, 3);
const message = (over: Partial<MessageView>): MessageView => ({
  id: 1,
  direction: 'in',
  channel: 'whatsapp',
  type: 'text',
  content: {},
  text: 'Hi',
  status: 'received',
  failure: null,
  sender: null,
  at,
  wamid: 'wamid.1',
  media: null,
  replyTo: null,
  reactions: [],
  forwarded: null,
  referral: null,
  ...over,
});
const contact = { name: 'Maria Lopez', phone: SHEENA, userId: null };

describe('a conversation as an internal note', () => {
  test.each<[string, MessageView, string]>([
    ['customer text', message({}), '2026-11-25 14:03 UTC · Maria Lopez: Hi'],
    [
      'a teammate reply',
      message({ direction: 'out', status: 'read', text: 'On its way', sender: { teammateId: 1, name: 'Ana Souza', host: 'zendesk:acme.zendesk.com' } }),
      '2026-11-25 14:03 UTC · Ana Souza: On its way',
    ],
    ['an image with caption', message({ type: 'image', text: 'the box' }), '2026-11-25 14:03 UTC · Maria Lopez: [image] the box'],
    ['a voice note', message({ type: 'audio', text: null }), '2026-11-25 14:03 UTC · Maria Lopez: [audio]'],
    [
      'a template',
      message({ direction: 'out', type: 'template', text: 'Your order shipped', status: 'delivered' }),
      '2026-11-25 14:03 UTC · Business: [template] Your order shipped',
    ],
    [
      'a failed send',
      message({ direction: 'out', status: 'failed', text: 'Hello?', sender: { teammateId: 1, name: 'Ana Souza' } }),
      '2026-11-25 14:03 UTC · Ana Souza: Hello? (not delivered)',
    ],
    ['a type it cannot show', message({ type: 'order', text: null }), '2026-11-25 14:03 UTC · Maria Lopez: [order]'],
    [
      'an SMS',
      message({ channel: 'sms', direction: 'out', status: 'delivered', text: 'Tracking 1Z999', sender: { teammateId: 1, name: 'Ana Souza' } }),
      '2026-11-25 14:03 UTC · Ana Souza: [SMS] Tracking 1Z999',
    ],
    [
      'a body deleted by retention',
      message({ text: null, contentDeleted: { at, afterDays: 30 } }),
      '2026-11-25 14:03 UTC · Maria Lopez: [content deleted after 30 days]',
    ],
  ])('%s', (_name, m, line) => {
    expect(formatTranscript(contact, [m]).split('\n')).toEqual(['WhatsApp conversation with Maria Lopez (+16505551234)', '', line]);
  });

  test('reactions are left out; an empty thread says so; markup stays text', () => {
    expect(formatTranscript({ name: null, phone: null, userId: 'US.1234567' }, [message({ type: 'reaction', text: '👍' })])).toBe(
      'WhatsApp conversation with US.1234567\n\n(no messages yet)',
    );
    expect(formatTranscript(contact, [message({ text: '<b>x</b>' })])).toContain(': <b>x</b>');
  });
});
