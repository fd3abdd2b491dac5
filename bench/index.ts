/** Every benchmark `npm run bench` runs, in order. Add new ones here. */
import type { Bench } from './support/report';
import { templateAdmin } from './template-admin';
import { widgetSize } from './widget-size';

export const BENCHES: Bench[] = [widgetSize, templateAdmin];
