/**
 * The HubSpot card's button (adapters/hubspot/project/src/app/cards/launch.js)
 * with stand-ins for hubspot.fetch and actions.openIframeModal: it asks the
 * connector for a launch URL and opens it in HubSpot's modal, or says why not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { launchPanel, MODAL, phoneFrom, phoneProperties, TICKET_TYPE_ID } from '../../adapters/hubspot/project/src/app/cards/launch.js';
import { SHEENA } from '../support/fixtures';

function fakeHubspot(answer: { status: number; body: unknown }) {
  const calls: Array<{ url: string; init: { method: string; body: unknown } }> = [];
  const modals: unknown[] = [];
  return {
    calls,
    modals,
    fetch: async (url: string, init: { method: string; body: unknown }) => {
      calls.push({ url, init });
      return { ok: answer.status < 400, status: answer.status, json: async () => answer.body };
    },
    openIframeModal: (modal: unknown) => modals.push(modal),
  };
}

describe('the HubSpot card', () => {
  test("asks the connector through hubspot.fetch and opens the answer in HubSpot's iframe modal", async () => {
    const hs = fakeHubspot({ status: 200, body: { url: 'https://wa.acme.com/adapters/hubspot/panel#launch=x' } });
    await launchPanel({ ...hs, connectorUrl: 'https://wa.acme.com', phone: SHEENA, objectId: 501 });
    expect(hs.calls).toEqual([{ url: 'https://wa.acme.com/adapters/hubspot/launch', init: { method: 'POST', body: { contact: SHEENA, objectId: '501' } } }]);
    expect(hs.modals).toEqual([{ uri: 'https://wa.acme.com/adapters/hubspot/panel#launch=x', ...MODAL }]);
  });

  test("shows the connector's reason and what to do when it refuses, and opens nothing", async () => {
    const hs = fakeHubspot({
      status: 400,
      body: {
        error: {
          code: 'INVALID_PHONE',
          message: 'That is not a phone number in international format.',
          action: 'Write the number with + and the country code.',
        },
      },
    });
    await expect(launchPanel({ ...hs, connectorUrl: 'https://wa.acme.com', phone: '650 555 1234' })).rejects.toThrow(
      'That is not a phone number in international format. Write the number with + and the country code.',
    );
    expect(hs.modals).toEqual([]);
  });

  test('a contact without a phone never reaches the connector', async () => {
    const hs = fakeHubspot({ status: 200, body: {} });
    await expect(launchPanel({ ...hs, connectorUrl: 'https://wa.acme.com', phone: '' })).rejects.toThrow('This contact has no phone number.');
    expect(hs.calls).toEqual([]);
  });
});

describe('the card on tickets and in the help desk', () => {
  test("reads a ticket's WhatsApp number (set by the connector), a contact's mobile phone before its phone", () => {
    expect(phoneProperties(TICKET_TYPE_ID)).toEqual(['go2msg_whatsapp_number']);
    expect(phoneFrom({ go2msg_whatsapp_number: SHEENA }, TICKET_TYPE_ID)).toBe(SHEENA);
    expect(phoneFrom({ mobilephone: SHEENA, phone: '+1 650 555 0000' }, '0-1')).toBe(SHEENA);
    expect(phoneFrom({ mobilephone: '', phone: SHEENA }, '0-1')).toBe(SHEENA);
  });

  test('a ticket go2msg did not create says so and never reaches the connector', async () => {
    const hs = fakeHubspot({ status: 200, body: {} });
    await expect(launchPanel({ ...hs, connectorUrl: 'https://wa.acme.com', phone: null, objectTypeId: TICKET_TYPE_ID })).rejects.toThrow(
      'This ticket is not a go2msg WhatsApp conversation.',
    );
    expect(hs.calls).toEqual([]);
  });

  test('the project is on platform 2026.09, its card on contact and ticket records and in the help desk sidebar, its webhook on ticket stages', () => {
    const read = (path: string) => JSON.parse(readFileSync(new URL(`../../adapters/hubspot/project/${path}`, import.meta.url), 'utf8'));
    expect(read('hsproject.json').platformVersion).toBe('2026.09');
    expect(read('src/app/cards/whatsapp-card-hsmeta.json').config).toMatchObject({ location: 'crm.record.sidebar', objectTypes: ['contacts', 'tickets'] });
    expect(read('src/app/cards/whatsapp-helpdesk-card-hsmeta.json').config).toMatchObject({ location: 'helpdesk.sidebar', objectTypes: ['tickets'] });
    const webhooks = read('src/app/webhooks/webhooks-hsmeta.json');
    expect(webhooks.config.settings.targetUrl).toMatch(/\/webhooks\/hubspot$/);
    expect(webhooks.config.subscriptions.crmObjects).toEqual([
      { subscriptionType: 'object.propertyChange', objectType: 'ticket', propertyName: 'hs_pipeline_stage', active: true },
    ]);
    expect(read('src/app/app-hsmeta.json').config.auth.requiredScopes).toEqual(
      expect.arrayContaining(['crm.objects.tickets.write', 'crm.schemas.tickets.write', 'crm.objects.contacts.write']),
    );
  });
});
