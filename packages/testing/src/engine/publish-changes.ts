import { balanceOf, currentQualifying } from './balance-view';
import { type EngineContext, nowIso } from './engine-context';
import { tierDirection, tierFor } from './tiers';

/**
 * Ends an operation: every account it changed gets a new version, its tier is recomputed (publishing
 * `tier.changed` when it moved), and one `balance.updated` carries the new balance. One version and one
 * balance event per operation, however many ledger entries it booked.
 */
export function publishChanges(context: EngineContext): void {
  const { program, clock, events, ids } = context;
  const changed = [...context.dirty];
  context.dirty.clear();
  for (const customerId of changed) {
    const account = context.accounts.get(customerId);
    if (account === undefined) continue;
    account.version += 1;
    const now = clock.now();
    const tier = tierFor(program, currentQualifying(account, program, now));
    if (tier !== undefined && tier.id !== account.tierId) {
      const fromTierId = account.tierId;
      account.tierId = tier.id;
      events.append(
        {
          type: 'tier.changed',
          id: ids.next('evt'),
          occurredAt: nowIso(context),
          customerId,
          ...(fromTierId === undefined ? {} : { fromTierId }),
          toTierId: tier.id,
          direction: tierDirection(program, fromTierId, tier.id),
          version: account.version,
        },
        { customerId },
      );
    }
    events.append(
      {
        type: 'balance.updated',
        id: ids.next('evt'),
        occurredAt: nowIso(context),
        customerId,
        balance: balanceOf(account, program, now),
      },
      { customerId },
    );
  }
}
