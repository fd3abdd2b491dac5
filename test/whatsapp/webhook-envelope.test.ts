import { describe, expect, test } from 'vitest';
import { readEnvelope, type WebhookItem } from '../../connector/whatsapp/webhook-envelope';
import { reference, referenceFiles } from '../support/reference';
import { SHEENA_WA_ID } from '../support/fixtures';

const files = referenceFiles('webhooks');
const items = (file: string): WebhookItem[] => [...readEnvelope(reference(`webhooks/${file}`))];

describe("reading Meta's webhook envelope", () => {
  test.each(files)('reads every item of %s', (file) => {
    const read = items(file);
    expect(read.length).toBeGreaterThan(0);
  });

  test.each(files.filter((f) => f.startsWith('webhook-status-')))('reads %s as a status with its wamid and time', (file) => {
    const [item] = items(file);
    expect(item!.kind).toBe('status');
    if (item!.kind !== 'status') return;
    expect(item!.status.wamid).toMatch(/^wamid\./);
    expect(Number.isFinite(item!.status.at)).toBe(true);
  });

  test('reads an inbound text with its sender, name and Meta timestamp in ms', () => {
    const [item] = items('webhook-text.json');
    expect(item).toMatchObject({
      kind: 'message',
      phoneNumberId: '106540352242922',
      message: { waId: SHEENA_WA_ID, name: 'Sheena Nelson', at: 1749416383000, type: 'text' },
    });
  });

  test("keeps Meta's code, title and details of a failed status", () => {
    const [item] = items('webhook-status-failed-131047.json');
    expect(item).toMatchObject({ kind: 'status', status: { status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] } });
  });

  test.each(files.filter((f) => /message-template|quality|account|capability|category/.test(f)))('passes %s on as a non-message field', (file) => {
    expect(items(file).every((i) => i.kind === 'field')).toBe(true);
  });

  test('reads every entry, change, message and status of a batched POST', () => {
    const text = reference<{ entry: Array<{ changes: unknown[] }> }>('webhooks/webhook-text.json');
    const status = reference<{ entry: Array<{ changes: unknown[] }> }>('webhooks/webhook-status-read.json');
    const batched = {
      object: 'whatsapp_business_account',
      entry: [...text.entry, ...status.entry, { id: '1', changes: [...text.entry[0]!.changes, ...status.entry[0]!.changes] }],
    };
    const read = [...readEnvelope(batched as Parameters<typeof readEnvelope>[0])];
    expect(read.map((i) => i.kind)).toEqual(['message', 'status', 'message', 'status']);
  });

  test('reads a sender known only by a business-scoped user id', () => {
    const envelope = {
      entry: [
        {
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: '1' },
                contacts: [{ user_id: 'US.13491208655302741918', profile: { name: 'Ana' } }],
                messages: [{ from_user_id: 'US.13491208655302741918', id: 'wamid.x', timestamp: '1', type: 'text', text: { body: 'hi' } }],
              },
            },
          ],
        },
      ],
    };
    const [item] = [...readEnvelope(envelope)];
    expect(item).toMatchObject({ kind: 'message', message: { waId: null, userId: 'US.13491208655302741918', name: 'Ana' } });
  });
});
