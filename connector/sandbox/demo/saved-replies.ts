/**
 * The demo's saved replies: a few answers in English, Spanish and Brazilian
 * Portuguese, so "/" in the demo's composer offers something on the first
 * `npm start`. Written once per database, when no saved reply was ever
 * written there, so an admin's edits and deletions stay after a restart.
 * Each is audited like an admin's, with no teammate and `seeded: 'sandbox'`.
 */
import type { SavedReplyDraft } from '@domain/saved-replies';
import { appendAuditEntries, lockAuditTrail } from '../../store/audit-writer';
import type { Db } from '../../store/db';
import { countSavedRepliesEver, insertSavedReply } from '../../store/saved-replies';

export const DEMO_SAVED_REPLIES: readonly SavedReplyDraft[] = [
  { name: 'Greeting', language: 'en', text: 'Hi {{customer.first_name}}, this is {{agent.first_name}} from Acme. How can I help?' },
  { name: 'Order status', language: 'en', text: 'Thanks {{customer.first_name}}! Could you send me your order number? I will check where it is right away.' },
  { name: 'Opening hours', language: 'en', text: 'We are open Monday to Friday, 9:00–18:00. Leave us a message any time and we will answer first thing.' },
  { name: 'Saludo', language: 'es', text: 'Hola {{customer.first_name}}, soy {{agent.first_name}} de Acme. ¿En qué puedo ayudarte?' },
  { name: 'Estado del pedido', language: 'es', text: '¡Gracias, {{customer.first_name}}! ¿Me envías tu número de pedido? Reviso ahora mismo dónde está.' },
  { name: 'Horario', language: 'es', text: 'Abrimos de lunes a viernes, de 9:00 a 18:00. Escríbenos cuando quieras y te respondemos a primera hora.' },
  { name: 'Saudação', language: 'pt-BR', text: 'Olá {{customer.first_name}}, aqui é {{agent.first_name}} da Acme. Como posso ajudar?' },
  { name: 'Thanks', language: null, text: 'Thank you for writing to Acme! — {{agent.name}}' },
];

export async function seedDemoSavedReplies(db: Db, now: number): Promise<void> {
  await db.transaction(async (trx) => {
    // The trail's lock first: two instances starting on one PostgreSQL database seed once.
    await lockAuditTrail(trx);
    if ((await countSavedRepliesEver(trx)) > 0) return;
    const created = [];
    for (const draft of DEMO_SAVED_REPLIES) created.push(await insertSavedReply(trx, draft, null, now));
    await appendAuditEntries(
      trx,
      created.map((reply) => ({
        at: now,
        action: 'saved_reply.created',
        teammateId: null,
        details: { id: reply.id, name: reply.name, text: reply.text, language: reply.language, seeded: 'sandbox' },
      })),
    );
  });
}
