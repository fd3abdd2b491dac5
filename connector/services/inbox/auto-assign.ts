/**
 * Automatic assignment (AUTO_ASSIGN, off by default; rule in
 * domain/auto-assign.ts): a worker on each instance gives every new or
 * reopened conversation nobody owns to the next teammate at their desk (a
 * panel or inbox open: the `presence` table, which every instance writes)
 * who has room, audited as `conversation.assigned` with the cause
 * `automatic`. A conversation nobody can take now waits in Unassigned and is
 * given out when someone arrives or has room again.
 *
 * Across instances on PostgreSQL, each choice is made under one advisory lock
 * (so two instances never both give a teammate the last place under the cap,
 * nor the same turn), and the conversation is re-read locked and still
 * waiting before it is given: it is never assigned twice.
 */
import { nextAssignee } from '@domain/auto-assign';
import { effectiveState } from '@domain/conversations';
import { appendAuditEntries } from '../../store/audit-writer';
import {
  assignmentDueForChange,
  assignmentLoads,
  conversationsDueForAssignment,
  lockAutoAssignment,
  noteAutoAssigned,
  updateConversation,
} from '../../store/conversations';
import { teammatesPresent } from '../../store/presence';
import { announceConversations } from './conversations';
import type { ServiceDeps } from '../runtime/deps';
import { WorkerLoop } from '../runtime/worker-loop';

export interface AutoAssignDeps extends ServiceDeps {
  /** Unresolved conversations one teammate may be given up to (AUTO_ASSIGN_MAX_OPEN). */
  maxOpen: number;
}

export type AssignOutcome = { assigned: number } | 'not-due' | 'nobody';

/** Gives one waiting conversation its owner, if it still waits and someone has room. */
export async function assignAutomatically(deps: AutoAssignDeps, contactId: number): Promise<AssignOutcome> {
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (trx): Promise<AssignOutcome> => {
    await lockAutoAssignment(trx);
    const current = await assignmentDueForChange(trx, contactId, now);
    if (!current) return 'not-due';
    const assignee = nextAssignee(await assignmentLoads(trx, await teammatesPresent(trx, now)), deps.maxOpen);
    if (assignee === null) return 'nobody';
    await updateConversation(trx, contactId, { ownerId: assignee }, now);
    await noteAutoAssigned(trx, assignee, now);
    await announceConversations(trx, [contactId], 'change', now);
    await deps.hostEvents?.record(trx, [{ type: 'conversation.assigned', contactId, cause: { teammateId: null, host: null } }], now);
    await appendAuditEntries(trx, [
      {
        at: now,
        action: 'conversation.assigned',
        teammateId: null,
        contactId,
        details: { from: null, to: assignee, cause: 'automatic', previousState: effectiveState(current, now) },
      },
    ]);
    return { assigned: assignee };
  });
  if (typeof outcome === 'object') deps.live.notify();
  return outcome;
}

/** How many waiting conversations one look considers. */
const LOOK_AHEAD = 20;

/** The worker: looks whenever the live feed moves on this instance (a customer wrote, someone resolved) and every second. */
export function autoAssignWorker(deps: AutoAssignDeps): WorkerLoop {
  const worker = new WorkerLoop(
    'auto-assign',
    {
      // One assignment per pass; false (sleep) when none waits or nobody has room.
      async pass() {
        for (const contactId of await conversationsDueForAssignment(deps.db, deps.clock.now(), LOOK_AHEAD)) {
          const outcome = await assignAutomatically(deps, contactId);
          if (outcome === 'nobody') return false;
          if (outcome !== 'not-due') return true;
        }
        return false;
      },
    },
    deps.log,
  );
  deps.live.subscribe(() => worker.kick());
  return worker;
}
