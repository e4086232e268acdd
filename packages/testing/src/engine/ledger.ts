import type { LedgerEntry } from '@loyalty-link/core';
import type { Account, Posting } from './account';
import { type EngineContext, nowIso } from './engine-context';

/**
 * Books one movement of points: appends the ledger entry and moves `available` by `posting.points`. The
 * only place `available` changes, so the ledger sums to the balance by construction.
 */
export function post(context: EngineContext, account: Account, posting: Posting): LedgerEntry {
  account.available += posting.points;
  const entry: LedgerEntry = {
    id: context.ids.next('led'),
    customerId: account.customerId,
    type: posting.type,
    points: posting.points,
    availableAfter: account.available,
    ...(posting.transactionId === undefined ? {} : { transactionId: posting.transactionId }),
    ...(posting.holdId === undefined ? {} : { holdId: posting.holdId }),
    ...(posting.ruleId === undefined ? {} : { ruleId: posting.ruleId }),
    reason: posting.reason,
    ...(posting.shortfall === undefined || posting.shortfall <= 0 ? {} : { shortfall: posting.shortfall }),
    occurredAt: nowIso(context),
  };
  account.ledger.push(entry);
  context.journal.push(entry);
  context.dirty.add(account.customerId);
  return entry;
}

/**
 * Takes up to `wanted` points from the available balance, never below zero; what it cannot take is recorded
 * as the entry's `shortfall`. Returns the points actually taken.
 */
export function debitFloored(
  context: EngineContext,
  account: Account,
  wanted: number,
  posting: Omit<Posting, 'points' | 'shortfall'>,
): number {
  if (wanted <= 0) return 0;
  const taken = Math.min(wanted, Math.max(0, account.available));
  post(context, account, { ...posting, points: -taken, shortfall: wanted - taken });
  return taken;
}

/** Adds `delta` qualifying points to `year`, never below zero. */
export function addQualifying(account: Account, year: number, delta: number): void {
  account.qualifyingByYear.set(year, Math.max(0, (account.qualifyingByYear.get(year) ?? 0) + delta));
}
