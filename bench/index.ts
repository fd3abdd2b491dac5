/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
import { auditExport } from './audit-export';
import type { Bench } from './support/report';
import { widgetSize } from './widget-size';

export const BENCHES: Bench[] = [widgetSize, auditExport];
