import { describe, expectTypeOf, it } from 'vitest';
import type { PlatformError } from '../errors/platform-error';
import { isInsufficientPointsError, isPlatformError } from '../errors/platform-error';
import { TypedEmitter } from '../events/typed-emitter';
import type { Money } from '../money/money';
import type { CustomerRef } from './customer';
import type { Transaction, TransactionInput } from './transaction';

describe('public types', () => {
  it('derives types from the schemas, with defaults applied on output only', () => {
    expectTypeOf<Transaction['lines'][number]['quantity']>().toBeNumber();
    expectTypeOf<TransactionInput['lines']>().toExtend<unknown[] | undefined>();
    expectTypeOf<Transaction['holdIds']>().toEqualTypeOf<string[]>();
    expectTypeOf<Money>().toEqualTypeOf<{ amount: number; currency: string }>();
  });

  it('narrows a customer reference by its type', () => {
    const ref = {} as CustomerRef;
    if (ref.type === 'phone') expectTypeOf(ref.value).toBeString();
    expectTypeOf<CustomerRef['type']>().toEqualTypeOf<'loyalty_id' | 'card' | 'phone' | 'email' | 'external_id'>();
  });

  it('guards narrow errors', () => {
    const error: unknown = undefined;
    if (isPlatformError(error)) expectTypeOf(error.status).toBeNumber();
    if (isInsufficientPointsError(error)) expectTypeOf(error).toExtend<PlatformError>();
  });

  it('types event payloads from an interface', () => {
    interface Events {
      delivered: { count: number };
    }
    const emitter = new TypedEmitter<Events>();
    emitter.on('delivered', (payload) => expectTypeOf(payload.count).toBeNumber());
    // @ts-expect-error an unknown event is refused
    emitter.on('nope', () => {});
  });
});
