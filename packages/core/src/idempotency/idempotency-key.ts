import { ValidationError } from '../errors/validation-error';
import type { TransactionKind } from '../schemas/transaction';

/** The fields of a transaction its idempotency key is derived from. */
export interface IdempotencyKeyParts {
  storeId: string;
  registerId: string;
  kind: TransactionKind;
  /** The transaction id (unique per register). */
  id: string;
}

const KEY_PREFIX = 'll1';

/**
 * The idempotency key of a transaction, derived only from its business identity: store, register, kind
 * and transaction id. The same sale gives the same key in any process, on any machine, on any day, so a
 * retry after a crash or a week offline is recognised by the platform as the same sale.
 *
 * The key is readable (`ll1:<store>:<register>:<kind>:<id>`, each part percent-encoded), so an operator
 * looking at a dead letter knows at once which receipt it is. It contains no personal data.
 *
 * @example
 * transactionIdempotencyKey({ storeId: 'ams-01', registerId: 'r2', kind: 'sale', id: '0042/2026' })
 * // 'll1:ams-01:r2:sale:0042%2F2026'
 */
export function transactionIdempotencyKey(parts: IdempotencyKeyParts): string {
  const missing = (['storeId', 'registerId', 'kind', 'id'] as const).filter(
    (field) => typeof parts[field] !== 'string' || parts[field].length === 0,
  );
  if (missing.length > 0) {
    throw new ValidationError(
      'idempotency key parts',
      missing.map((field) => ({ path: [field], code: 'required', message: 'is required' })),
    );
  }
  return [KEY_PREFIX, parts.storeId, parts.registerId, parts.kind, parts.id].map(encodeURIComponent).join(':');
}
