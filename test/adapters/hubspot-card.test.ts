/**
 * The HubSpot card's button (adapters/hubspot/project/src/app/cards/launch.js)
 * with stand-ins for hubspot.fetch and actions.openIframeModal: it asks the
 * connector for a launch URL and opens it in HubSpot's modal, or says why not.
 */
import { describe, expect, test } from 'vitest';
import { launchPanel, MODAL } from '../../adapters/hubspot/project/src/app/cards/launch.js';
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
