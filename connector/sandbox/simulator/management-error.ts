/** A refusal from the simulator's management side, with Meta's extra fields (error_subcode, error_user_title, error_user_msg). */
import { SimulatedGraphError } from './graph-errors';

export class ManagementError extends SimulatedGraphError {
  constructor(
    code: number,
    details: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code, details);
  }
}
