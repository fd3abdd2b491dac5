/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
import { auditExport } from './audit-export';
import { hostOutbox } from './host-outbox';
import { inbox } from './inbox';
import { liveFanout } from './live-fanout';
import { sendPipeline, sendPipelinePostgres } from './send-pipeline';
import { signInBench } from './sign-in';
import type { Bench } from './support/report';
import { templateAdmin } from './template-admin';
import { threadOpen } from './thread-open';
import { twoInstances } from './two-instances';
import { webhookIngest, webhookIngestPostgres } from './webhook-ingest';
import { widgetSize } from './widget-size';

export const BENCHES: Bench[] = [
  webhookIngest,
  webhookIngestPostgres,
  sendPipeline,
  sendPipelinePostgres,
  twoInstances,
  threadOpen,
  inbox,
  liveFanout,
  signInBench,
  templateAdmin,
  auditExport,
  hostOutbox,
  widgetSize,
];
