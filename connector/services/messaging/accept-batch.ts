/**
 * The statements one batch of accepted sends shares (AcceptQueue). Each request's
 * checks run side by side in the batch's transaction; its two writes-in-waiting,
 * the contact lookup and the message insert, each wait until every request of the
 * batch has reached that step (or ended), and are then one statement for all:
 * `wa_id IN (…)` for the contacts, a multi-row INSERT for the messages. The
 * insert lists the messages in the batch's order (the order they were submitted),
 * so ids, and with them each customer's order in the outbox, follow it.
 *
 * The numbers that lookup does not find are looked up among the aliases in one
 * more statement, and those still unknown get their contacts in one multi-row
 * upsert, each on the business number its request names (else the default): a
 * burst to new customers costs two statements, not five per message. A request
 * without a number (a business-scoped user id only) is looked up or created by its
 * own `otherwise`, one request at a time in the batch's order, as if the requests
 * ran one after another.
 */
import type { ContactView } from '@domain/views';
import { createContactsForNumbers, findContactsByAliases, findContactsByWaIds, threadKey } from '../../store/contacts';
import { insertOutboundMany, type OutboundInsert } from '../../store/messages';
import type { Executor } from '../../store/rows';

/** What one request's work may share with the others of its batch. */
export interface BatchReads {
  /** `read()` once per batch and key; the requests after the first get its answer. */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
  /**
   * The thread with this wa_id on this business number (null: the customer's most recent), found
   * with the batch's others, or through an alias; a wa_id known nowhere gets its contact on
   * `createOn`, created with the batch's others. Without a wa_id, `otherwise()`.
   */
  contact(wanted: ContactWanted, otherwise: () => Promise<ContactView | null>): Promise<ContactView | null>;
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

/** A thread asked for by number: `numberId` null means the customer's most recent; a new customer starts on `createOn`. */
export interface ContactWanted {
  waId: string | null;
  numberId: string | null;
  createOn: string;
}

type ContactAsked = ContactWanted & { otherwise: () => Promise<ContactView | null> };

export class AcceptBatch {
  private readonly steps: Step[];
  private readonly reads = new Map<string, Promise<unknown>>();
  private contacts = new Map<number, Waiting<ContactAsked, ContactView | null>>();
  private inserts = new Map<number, Waiting<OutboundInsert, number | null>>();

  constructor(
    private readonly trx: Executor,
    size: number,
    /** When the batch is written: a new customer's contact is created at it. */
    private readonly now: number,
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
      contact: (wanted, otherwise) => this.wait(this.contacts, index, 'contact', { ...wanted, otherwise }),
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

  private async lookUpContacts(wanted: Map<number, Waiting<ContactAsked, ContactView | null>>): Promise<void> {
    const inOrder = [...wanted].sort(([a], [b]) => a - b);
    const byNumber = inOrder.flatMap(([, w]) => (w.input.waId ? [{ waId: w.input.waId, numberId: w.input.numberId, createOn: w.input.createOn }] : []));
    const found = new Map<string, ContactView>();
    try {
      for (const [key, contact] of await findContactsByWaIds(this.trx, byNumber)) found.set(key, contact);
      // Known by another number (Meta corrected it, or a merge): as findContact does, one statement for all.
      const missing = () => byNumber.filter((w) => !found.has(threadKey(w.waId, w.numberId)));
      if (missing().length > 0) for (const [key, contact] of await findContactsByAliases(this.trx, missing())) found.set(key, contact);
      // Known nowhere: a new customer, on the number named, else the default (as threadContact does).
      const unknown = missing();
      if (unknown.length > 0) {
        const created = await createContactsForNumbers(
          this.trx,
          unknown.map((w) => ({ waId: w.waId, numberId: w.createOn })),
          this.now,
        );
        for (const w of unknown) {
          const contact = created.get(threadKey(w.waId, w.createOn));
          if (contact) found.set(threadKey(w.waId, w.numberId), contact);
        }
      }
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
