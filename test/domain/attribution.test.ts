import { describe, expect, test } from 'vitest';
import { hostLabel, isHostId } from '@domain/attribution';

describe('hosts', () => {
  test.each([
    { host: 'zendesk:acme.zendesk.com', label: 'Zendesk' },
    { host: 'salesforce:acme.my.salesforce.com', label: 'Salesforce' },
    { host: 'freshdesk:acme.freshdesk.com', label: 'Freshdesk' },
    { host: 'hubspot:app.hubspot.com', label: 'HubSpot' },
    { host: 'crm:crm.acme.example', label: 'crm.acme.example' },
  ])('$host is shown as "$label"', ({ host, label }) => {
    expect(isHostId(host)).toBe(true);
    expect(hostLabel(host)).toBe(label);
  });

  test.each(['', 'zendesk', 'Zendesk:acme.zendesk.com', 'zendesk:', 'zendesk:acme zendesk', 'zendesk:https://acme.zendesk.com'])(
    '"%s" is not a host id',
    (value) => {
      expect(isHostId(value)).toBe(false);
    },
  );
});
