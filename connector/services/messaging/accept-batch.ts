/**
 * The statements one batch of accepted sends shares (AcceptQueue). Each request's
 * checks run side by side in the batch's transaction; its two writes-in-waiting,
 * the contact lookup and the message insert, each wait until every request of the
 * batch has reached that step (or ended), and are then one statement for all:
 * `wa_id IN (…)` for the contacts, a multi-row INSERT for the messages. The
 * insert lists the messages in the batch's order (the order they were submitted),
 * so ids, and with them each customer's order in the outbox, follow it.
 *
 * A contact the lookup does not find (new, known by an alias, or by its user id
 * only) is looked up or created by the request's own `otherwise`, one request at
 * a time in the batch's order, as if the requests ran one after another.
 */
import type { ContactView } from '@domain/views';
import { findContactsByWaIds, threadKey } from '../../store/contacts';
import { insertOutboundMany, type OutboundInsert } from '../../store/messages';
import type { Executor } from '../../store/rows';

/** What one request's work may share with the others of its batch. */
export interface BatchReads {
  /** `read()` once per batch and key; the requests after the first get its answer. */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
  /**
   * The thread with this wa_id on this business number (null: the customer's most recent), found
   * with the batch's others; when not found (or no wa_id), `otherwise()`.
   */
  contact(waId: string | null, numberId: string | null, otherwise: () => Promise<ContactView | null>): Promise<ContactView | null>;
  /** Stores the message with the batch's others, in the batch's order; null when its idempotency key was taken. */
  insertOutbound(message: OutboundInsert): Promise<number | null>;
}

/** Where each request's work is: the steps that wait for the others are `contact` and `insert`. */
type Step = 'start' | 'contact' | 'checking' | 'insert' | 'ended';

interface Waiting<I, O> {
  input: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

type ContactWanted = { waId: string | null; numberId: string | null; otherwise: () => Promise<ContactView | null> };

export class AcceptBatch {
  private readonly steps: Step[];
  private readonly reads = new Map<string, Promise<unknown>>();
  private contacts = new Map<number, Waiting<ContactWanted, ContactView | null>>();
  private inserts = new Map<number, Waiting<OutboundInsert, number | null>>();

  constructor(
    private readonly trx: Executor,
    size: number,
  ) {
    this.steps = Array.from({ length: size }, () => 'start');
  }

  /** What request `index` (its place in the batch) may share. */
  readsFor(index: number): BatchReads {
    return {
      once: <T>(key: string, read: () => Promise<T>): Promise<T> => {
        if (!this.reads.has(key)) this.reads.set(key, read());
        return this.reads.get(key) as Promise<T>;
      },
      contact: (waId, numberId, otherwise) => this.wait(this.contacts, index, 'contact', { waId, numberId, otherwise }),
      insertOutbound: (message) => this.wait(this.inserts, index, 'insert', message),
    };
  }

  /** Request `index`'s work is over (stored, refused, or failed): the others no longer wait for it. */
  ended(index: number): void {
    this.steps[index] = 'ended';
    this.flushReady();
  }

  private wait<I, O>(into: Map<number, Waiting<I, O>>, index: number, step: Step, input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      into.set(index, { input, resolve, reject });
      this.steps[index] = step;
      this.flushReady();
    });
  }

  private flushReady(): void {
    if (this.contacts.size > 0 && !this.steps.includes('start')) {
      const wanted = this.contacts;
      this.contacts = new Map();
      void this.lookUpContacts(wanted);
    }
    if (this.inserts.size > 0 && this.steps.every((step) => step === 'insert' || step === 'ended')) {
      const wanted = this.inserts;
      this.inserts = new Map();
      void this.insertMessages(wanted);
    }
  }

  private async lookUpContacts(wanted: Map<number, Waiting<ContactWanted, ContactView | null>>): Promise<void> {
    const inOrder = [...wanted].sort(([a], [b]) => a - b);
    let found: Map<string, ContactView>;
    try {
      found = await findContactsByWaIds(
        this.trx,
        inOrder.flatMap(([, w]) => (w.input.waId ? [{ waId: w.input.waId, numberId: w.input.numberId }] : [])),
      );
    } catch (error) {
      for (const [, w] of inOrder) w.reject(error);
      return;
    }
    // Each request goes on checking once it has its contact; the insert waits for all of them.
    for (const [index] of inOrder) this.steps[index] = 'checking';
    let alone: Promise<unknown> = Promise.resolve();
    for (const [, w] of inOrder) {
      const hit = w.input.waId ? found.get(threadKey(w.input.waId, w.input.numberId)) : undefined;
      if (hit) w.resolve(hit);
      else {
        const own = alone.then(() => w.input.otherwise());
        alone = own.catch(() => undefined);
        own.then(w.resolve, w.reject);
      }
    }
  }

  private async insertMessages(wanted: Map<number, Waiting<OutboundInsert, number | null>>): Promise<void> {
    const inOrder = [...wanted].sort(([a], [b]) => a - b);
    try {
      const ids = await insertOutboundMany(
        this.trx,
        inOrder.map(([, w]) => w.input),
      );
      inOrder.forEach(([, w], i) => w.resolve(ids[i] ?? null));
    } catch (error) {
      for (const [, w] of inOrder) w.reject(error);
    }
  }
}
