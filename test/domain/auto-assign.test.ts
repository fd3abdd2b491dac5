import { describe, expect, test } from 'vitest';
import { nextAssignee, type AssignmentCandidate } from '@domain/auto-assign';

const T = Date.UTC(2026, 11, 6, 12, 0, 0);
const c = (teammateId: number, openConversations: number, lastAutoAssignedAt: number | null): AssignmentCandidate => ({
  teammateId,
  openConversations,
  lastAutoAssignedAt,
});

describe('nextAssignee: round robin among teammates at their desk, up to a cap each', () => {
  test.each<{ description: string; candidates: AssignmentCandidate[]; cap: number; expected: number | null }>([
    { description: 'nobody at their desk: nobody', candidates: [], cap: 5, expected: null },
    { description: 'the one whose last turn is oldest goes next', candidates: [c(1, 0, T), c(2, 0, T - 60_000), c(3, 0, T - 1_000)], cap: 5, expected: 2 },
    { description: 'never given one goes before anyone who was', candidates: [c(1, 0, T - 60_000), c(2, 0, null)], cap: 5, expected: 2 },
    { description: 'ties go by id, the same on every instance', candidates: [c(7, 0, null), c(3, 0, null)], cap: 5, expected: 3 },
    { description: 'a teammate at the cap is skipped, even with the oldest turn', candidates: [c(1, 5, null), c(2, 1, T)], cap: 5, expected: 2 },
    { description: 'everyone at the cap: nobody (it waits in Unassigned)', candidates: [c(1, 5, null), c(2, 6, T)], cap: 5, expected: null },
    { description: 'load does not jump the queue: turns decide, the cap only excludes', candidates: [c(1, 4, T - 10), c(2, 0, T)], cap: 5, expected: 1 },
  ])('$description', ({ candidates, cap, expected }) => {
    expect(nextAssignee(candidates, cap)).toBe(expected);
  });

  test('taking turns: given a conversation each time, three teammates are each given one before anyone gets a second', () => {
    const team = [c(1, 0, null), c(2, 0, null), c(3, 0, null)];
    const order: number[] = [];
    for (let n = 0; n < 6; n++) {
      const next = nextAssignee(team, 10)!;
      order.push(next);
      const picked = team.find((t) => t.teammateId === next)!;
      picked.openConversations += 1;
      picked.lastAutoAssignedAt = T + n;
    }
    expect(order).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
