/**
 * Templates from go2msg: how long Meta's rules take to check (the admin form
 * checks on every keystroke), and how long a submission takes to come back
 * approved through the real connector, the simulator's review (set to 0 ms)
 * and its signed webhook — the connector's own share of Meta's review time.
 */
import { performance } from 'node:perf_hooks';
import { checkTemplateDefinition, type TemplateDefinition } from '../connector/domain/template-rules';
import type { TemplateView } from '../connector/domain/account-views';
import { ApiClient } from '../test/support/api';
import { startConnector } from '../test/support/connector';
import { signIn } from '../test/support/sign-in';
import type { Bench } from './support/report';

const definition = (name: string): TemplateDefinition => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order was {{2}} and should arrive by {{3}}.', example: { body_text: [['Sheena', 'shipped', 'June 30']] } },
    { type: 'FOOTER', text: 'Lucky Shrub' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track order', url: 'https://www.luckyshrub.com/track/{{1}}', example: ['https://www.luckyshrub.com/track/4821'] },
        { type: 'QUICK_REPLY', text: 'Talk to us' },
      ],
    },
  ],
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const templateAdmin: Bench = {
  name: 'template-admin',
  async run() {
    const checks: number[] = [];
    const def = definition('order_update');
    for (let i = 0; i < 20_000; i++) {
      const start = performance.now();
      checkTemplateDefinition(def);
      checks.push(performance.now() - start);
    }
    checks.sort((a, b) => a - b);

    const running = await startConnector({ connector: { simulator: { templateReviewMs: 0 } } });
    const admin = new ApiClient(running.url, await signIn(running.url, running.demoUrl, 'alex'));
    const rounds: number[] = [];
    for (let i = 0; i < 30; i++) {
      const name = `bench_template_${i}`;
      const start = performance.now();
      await admin.call('/api/admin/templates', { method: 'POST', body: JSON.stringify(definition(name)) });
      for (;;) {
        const { body } = await admin.call<{ data: TemplateView[] }>('/api/templates');
        if (body.data.find((t) => t.name === name)?.status === 'APPROVED') break;
        await new Promise((r) => setTimeout(r, 2));
      }
      rounds.push(performance.now() - start);
    }
    await running.close();
    rounds.sort((a, b) => a - b);

    return {
      title: 'Templates managed from go2msg',
      rows: [
        { metric: "Meta's rules checked on a 4-component template, p50", value: percentile(checks, 50) * 1000, unit: 'µs' },
        { metric: "Meta's rules checked on a 4-component template, p99", value: percentile(checks, 99) * 1000, unit: 'µs' },
        { metric: 'submit → approved in the list (0 ms review; SQLite), p50', value: percentile(rounds, 50), unit: 'ms' },
        { metric: 'submit → approved in the list (0 ms review; SQLite), p99', value: percentile(rounds, 99), unit: 'ms' },
      ],
      notes: [
        'The round trip is POST /api/admin/templates → Graph create → simulator review → signed webhook → stored → GET /api/templates, polled every 2 ms.',
      ],
    };
  },
};
