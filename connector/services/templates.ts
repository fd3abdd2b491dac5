/** Keeping the local copy of the WhatsApp Business Account's templates current. */
import { listTemplates, replaceTemplates } from '../store/templates';
import type { CloudApi } from '../whatsapp/cloud-api';
import type { ServiceDeps } from './deps';

export async function syncTemplates(deps: ServiceDeps & { cloudApi: CloudApi }): Promise<number> {
  const templates = await deps.cloudApi.listTemplates();
  const now = deps.clock.now();
  await deps.db.transaction((trx) => replaceTemplates(trx, templates, now));
  return templates.length;
}

export { listTemplates };
