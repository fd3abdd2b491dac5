/**
 * Automatic assignment (AUTO_ASSIGN, off by default): a new or reopened
 * conversation nobody owns goes to a teammate who is at their desk (has a
 * go2msg panel or inbox open) and has room for it, taking turns.
 */

export interface AssignmentCandidate {
  teammateId: number;
  /** Conversations they own that are not resolved (open or snoozed): their load. */
  openConversations: number;
  /** When they were last given one automatically; null if never. */
  lastAutoAssignedAt: number | null;
}

/**
 * Who gets the next conversation, or null when nobody is there or everybody
 * is at the cap. Round robin by turns: the one whose last automatic
 * assignment is oldest (never first), so a teammate who just arrived joins
 * the rotation at once and one who was away does not get a backlog at once
 * beyond their turns. Ties (nobody assigned yet) go by id, to be the same on
 * every instance.
 */
export function nextAssignee(candidates: readonly AssignmentCandidate[], cap: number): number | null {
  let best: AssignmentCandidate | null = null;
  for (const c of candidates) {
    if (c.openConversations >= cap) continue;
    if (!best || turnBefore(c, best)) best = c;
  }
  return best?.teammateId ?? null;
}

function turnBefore(a: AssignmentCandidate, b: AssignmentCandidate): boolean {
  const at = a.lastAutoAssignedAt ?? -Infinity;
  const bt = b.lastAutoAssignedAt ?? -Infinity;
  return at < bt || (at === bt && a.teammateId < b.teammateId);
}
