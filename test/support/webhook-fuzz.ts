/**
 * Seeded mutations of Meta's webhook samples, for the webhook fuzz test: each body is a
 * sample with its message and status ids made unique to it (`wamid.fuzz-<n>-<k>`), then
 * changed by a few structural mutations (a node replaced by any JSON value, removed,
 * repeated, buried in nesting; a string replaced by one that databases and parsers
 * trip over) and, now and then, by a change to the text itself (cut short, a character
 * replaced). The same seed gives the same bodies.
 */
import fc from 'fast-check';
import { reference, referenceFiles } from './reference';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** Strings that have broken receivers: NUL, lone surrogates, long text, quotes, escapes, RTL, emoji. */
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '👍'.repeat(2000),
  'é'.repeat(5000),
  '"\\\'',
  '\u202eevil',
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  '<script>',
  '%s%n',
];

const mutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('text' as const), at: fc.nat(), value: fc.constantFrom(...NASTY_STRINGS) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), times: fc.integer({ min: 1, max: 40 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 60 }) }), weight: 1 },
);

/** One body in ten has its text changed too, so most bodies are JSON and reach the processor. */
const textChange = fc.oneof(
  { arbitrary: fc.constant(null), weight: 9 },
  {
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('char' as const), at: fc.nat(), char: fc.constantFrom('{', '}', '"', '\\', ',', ':', ']', '\u0000', 'é', 'x') }),
    ),
    weight: 1,
  },
);

const plan = fc.record({ sample: fc.nat(), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }), text: textChange });
type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

/** Every place in the tree a value sits: [its container, its key]. */
function places(root: Json): Array<[Container, string | number]> {
  const found: Array<[Container, string | number]> = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) node.forEach((child, i) => (found.push([node, i]), stack.push(child)));
    else if (node !== null && typeof node === 'object')
      for (const [key, child] of Object.entries(node)) {
        found.push([node, key]);
        stack.push(child);
      }
  }
  return found;
}

function set(container: Container, key: string | number, value: Json): void {
  (container as Record<string | number, Json>)[key] = value;
}

function mutate(root: Json, m: Plan['mutations'][number]): void {
  const all = places(root);
  if (all.length === 0) return;
  const [container, key] = all[m.at % all.length]!;
  const current = (container as Record<string | number, Json>)[key]!;
  switch (m.kind) {
    case 'replace':
      set(container, key, m.value as Json);
      break;
    case 'text': {
      const strings = all.filter(([c, k]) => typeof (c as Record<string | number, Json>)[k] === 'string');
      const [c, k] = strings.length ? strings[m.at % strings.length]! : [container, key];
      set(c, k, m.value);
      break;
    }
    case 'remove':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      break;
    case 'repeat':
      if (Array.isArray(container)) container.splice(key as number, 0, ...Array.from({ length: m.times }, () => structuredClone(current)));
      else
        set(
          container,
          key,
          Array.from({ length: m.times }, () => structuredClone(current)),
        );
      break;
    case 'nest': {
      let nested: Json = current;
      for (let i = 0; i < m.depth; i++) nested = [nested];
      set(container, key, nested);
      break;
    }
  }
}

/** Gives every message and status in the body ids of its own, so what it wrote can be told apart. */
function uniqueIds(body: Json, n: number): void {
  let k = 0;
  const envelope = body as { entry?: Array<{ changes?: Array<{ value?: { messages?: Array<{ id: string }>; statuses?: Array<{ id: string }> } }> }> };
  for (const entry of envelope.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const item of [...(change.value?.messages ?? []), ...(change.value?.statuses ?? [])]) item.id = `wamid.fuzz-${n}-${k++}`;
    }
  }
}

export const fuzzIdPrefix = (n: number) => `wamid.fuzz-${n}-`;

/** `count` mutated bodies, as the JSON text to sign and post. */
export function fuzzedWebhooks(seed: number, count: number): string[] {
  const files = referenceFiles('webhooks');
  return fc.sample(plan, { seed, numRuns: count }).map((p, n) => {
    const body = reference<Json>(`webhooks/${files[p.sample % files.length]}`);
    uniqueIds(body, n);
    for (const m of p.mutations) mutate(body, m);
    const text = JSON.stringify(body);
    const at = p.text ? p.text.at % Math.max(text.length, 1) : 0;
    const changed = !p.text ? text : p.text.kind === 'cut' ? text.slice(0, at) : `${text.slice(0, at)}${p.text.char}${text.slice(at + 1)}`;
    // As it goes over the wire: a surrogate pair cut in two becomes U+FFFD in UTF-8.
    return Buffer.from(changed, 'utf8').toString('utf8');
  });
}
