/**
 * The account sync on its schedule (TEMPLATE_SYNC_INTERVAL_SECONDS): what
 * changes at Meta without a webhook — a template made in Meta's console, a
 * quality rating between high and medium — reaches the connector by itself.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { NumberHealthResponse, TemplateView } from '../../../connector/domain/account-views';
import { ApiClient } from '../../support/api';
import { startConnector, type RunningConnector } from '../../support/connector';
import { signIn } from '../../support/sign-in';
import { waitFor } from '../../support/wait';

let running: RunningConnector;
let agent: ApiClient;

beforeAll(async () => {
  running = await startConnector({ env: { TEMPLATE_SYNC_INTERVAL_SECONDS: '1' } });
  agent = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'ana'));
});

afterAll(async () => {
  await running?.close();
});

test('a template made in Meta’s console and a quality change appear at the next scheduled sync', async () => {
  const simulator = running.connector.simulator!;
  simulator.templates.push({
    id: '1555000000000002',
    name: 'made_in_console',
    language: 'es',
    category: 'MARKETING',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: '¡Hola!' }],
  });
  // No webhook for this one: Meta only sends one when the number is flagged.
  simulator.management.number.quality_rating = 'YELLOW';
  const template = await waitFor(
    async () => (await agent.call<{ data: TemplateView[] }>('/api/templates')).body.data.find((t) => t.name === 'made_in_console'),
    { timeout: 5000 },
  );
  expect(template).toMatchObject({ language: 'es', category: 'MARKETING', billing: 'always' });
  const health = await waitFor(
    async () => {
      const body = (await agent.call<NumberHealthResponse>('/api/number-health')).body;
      return body.health?.qualityRating === 'YELLOW' && body;
    },
    { timeout: 5000 },
  );
  expect(health.alerts.map((a) => a.kind)).toEqual(['quality']);
});

test('a template Meta no longer lists is removed at the next scheduled sync', async () => {
  const simulator = running.connector.simulator!;
  simulator.templates.splice(
    simulator.templates.findIndex((t) => t.name === 'made_in_console'),
    1,
  );
  await waitFor(async () => !(await agent.call<{ data: TemplateView[] }>('/api/templates')).body.data.some((t) => t.name === 'made_in_console'), {
    timeout: 5000,
  });
});
