/**
 * The business numbers this connector answers for, as the use cases need them:
 * which one a new thread starts from, and whether a number named in a request
 * or a webhook is one of ours.
 */
import { DomainError } from '@domain/errors';
import type { BusinessNumber } from '@domain/business-numbers';

export class BusinessNumbers {
  readonly all: readonly BusinessNumber[];

  constructor(numbers: readonly BusinessNumber[]) {
    if (numbers.length === 0) throw new Error('BusinessNumbers: at least one number is needed');
    this.all = numbers;
  }

  /** The default: new conversations start from it unless another is asked for. */
  get defaultId(): string {
    return this.all[0]!.id;
  }

  has(id: string): boolean {
    return this.all.some((n) => n.id === id);
  }

  find(id: string | null | undefined): BusinessNumber | null {
    return this.all.find((n) => n.id === id) ?? null;
  }

  /** A number a request names, refused when it is not one of ours (a typo would otherwise start a thread no one can send from). */
  checked(id: string | null | undefined): string | null {
    if (!id) return null;
    if (!this.has(id))
      throw new DomainError('VALIDATION_FAILED', {
        field: 'number',
        reason: `${id} is not one of this connector's WhatsApp numbers (${this.all.map((n) => n.id).join(', ')}); add it to WHATSAPP_PHONE_NUMBERS`,
      });
    return id;
  }

  /** The number a new thread is started on: the one named (checked), else the default. */
  forNewThread(id: string | null | undefined): string {
    return this.checked(id) ?? this.defaultId;
  }
}
