import {
  type Customer,
  type EarnEstimate,
  estimateEarn,
  nearestBirthdayYear,
  type Transaction,
  type TransactionItemResult,
  toLocalDateTime,
} from '@loyalty-link/core';
import type { Account } from './account';
import { type EngineContext, nowIso } from './engine-context';
import type { HoldBook } from './holds';
import { spendHold } from './holds';
import { accepted, rejected } from './item-outcome';
import { addQualifying, post } from './ledger';
import { localYear } from './local-year';
import { consumeReward, unlockReward } from './rewards';
import { identityOf, type TransactionRecord } from './transaction-book';

/** The estimate of a sale that earns nothing (anonymous, or not credited). */
export function zeroEstimate(transaction: Transaction): EarnEstimate {
  return {
    points: 0,
    lines: transaction.lines.map((_, lineIndex) => ({ lineIndex, points: 0 })),
    rules: [],
    stamps: [],
  };
}

/** What a sale earns for `account`, through the same evaluator a register uses offline. */
export function earnFor(
  context: EngineContext,
  account: Account,
  birthDate: string | undefined,
  transaction: Transaction,
  birthdayYear: number,
): EarnEstimate {
  return estimateEarn(context.program, transaction, {
    ...(account.tierId === undefined ? {} : { tier: account.tierId }),
    ...(birthDate === undefined ? {} : { birthDate }),
    birthdayBonusAlreadyGivenThisYear: account.birthdayBonusYears.has(birthdayYear),
  });
}

/**
 * The year of the birthday a sale's bonus would be for: once per birthday, not once per calendar year (a
 * sale on 29 December and one on 1 January can be near the same birthday). The sale's year without one.
 */
function birthdayYearOf(context: EngineContext, birthDate: string | undefined, transaction: Transaction): number {
  const local = toLocalDateTime(Date.parse(transaction.occurredAt), context.program.timeZone);
  return birthDate === undefined ? local.year : nearestBirthdayYear(local, birthDate);
}

function ruleName(context: EngineContext, ruleId: string): string {
  const rule = context.program.earnRules.find((candidate) => candidate.id === ruleId);
  if (rule?.name !== undefined) return rule.name;
  const tier = context.program.tiers.find((candidate) => candidate.id === ruleId);
  return tier === undefined ? ruleId : `${tier.name} tier bonus`;
}

function creditEarn(
  context: EngineContext,
  account: Account,
  transaction: Transaction,
  estimate: EarnEstimate,
  year: number,
  birthdayYear: number,
): void {
  // Positive contributions first, so a multiplier below 1 never dips the running balance below zero.
  const contributions = [...estimate.rules].sort((a, b) => Number(b.points > 0) - Number(a.points > 0));
  for (const contribution of contributions) {
    const birthday = contribution.type === 'birthday_bonus';
    if (birthday) account.birthdayBonusYears.add(birthdayYear);
    post(context, account, {
      type: birthday ? 'adjust' : 'earn',
      points: contribution.points,
      transactionId: transaction.id,
      ruleId: contribution.ruleId,
      reason: ruleName(context, contribution.ruleId),
    });
  }
  addQualifying(account, year, estimate.points);
  account.lifetime += estimate.points;

  for (const earned of estimate.stamps) {
    let stamps = (account.stamps.get(earned.ruleId) ?? 0) + earned.stamps;
    while (stamps >= earned.stampsRequired) {
      stamps -= earned.stampsRequired;
      unlockReward(context, account, earned.rewardId);
    }
    account.stamps.set(earned.ruleId, stamps);
    context.dirty.add(account.customerId);
  }
}

/**
 * Records a sale: checks everything first (customer, holds), then earns through `estimateEarn`, fills
 * stamp cards, uses unlocked rewards named by its line discounts, and commits its holds. Returns the item
 * result and the new record, or a rejection and no record.
 */
export function recordSale(
  context: EngineContext,
  holds: HoldBook,
  idempotencyKey: string,
  transaction: Transaction,
  canonical: string,
): { result: TransactionItemResult; record?: TransactionRecord } {
  const reject = (code: string, detail: string) => ({
    result: rejected(idempotencyKey, transaction.id, code, detail),
  });
  let customer: Customer | undefined;
  if (transaction.customer !== undefined) {
    customer = context.customers.find(transaction.customer);
    if (customer === undefined) return reject('customer_not_found', 'The customer reference matches no customer.');
    if (customer.status !== 'active') return reject('customer_inactive', 'The membership is not active.');
  }
  const holdIds = [...new Set(transaction.holdIds)];
  const unknownHold = holdIds.find((holdId) => !holds.byId.has(holdId));
  if (unknownHold !== undefined) return reject('hold_not_found', 'A hold id was never issued by the platform.');

  const account = customer === undefined ? undefined : context.accounts.get(customer.id);
  const year = localYear(Date.parse(transaction.occurredAt), context.program.timeZone);
  let estimate = zeroEstimate(transaction);
  let birthdayYear = year;
  if (customer !== undefined && account !== undefined) {
    try {
      birthdayYear = birthdayYearOf(context, customer.birthDate, transaction);
      estimate = earnFor(context, account, customer.birthDate, transaction, birthdayYear);
    } catch {
      return reject('validation_failed', 'The transaction cannot be evaluated against the program.');
    }
  }

  // Every check passed: from here on the sale changes state.
  if (customer !== undefined && account !== undefined) {
    creditEarn(context, account, transaction, estimate, year, birthdayYear);
    for (const line of transaction.lines) {
      for (const discount of line.discounts) {
        if (discount.kind === 'reward' && discount.reference !== undefined) {
          consumeReward(context, account, discount.reference);
        }
      }
    }
  }
  let pointsRedeemed = 0;
  let redeemed = 0;
  let redeemerId: string | undefined;
  for (const holdId of holdIds) {
    const record = holds.byId.get(holdId);
    if (record === undefined) continue;
    const spent = spendHold(context, holds, record, transaction.id);
    pointsRedeemed += spent.points;
    redeemed += spent.debited;
    redeemerId ??= record.hold.customerId;
  }

  const outcome = { pointsEarned: estimate.points, pointsRedeemed };
  const record: TransactionRecord = {
    idempotencyKey,
    transaction,
    canonical,
    identity: identityOf(transaction.storeId, transaction.registerId, transaction.id),
    outcome,
    effect: { ...outcome },
    state: 'applied',
    customerId: customer?.id,
    recordedAt: nowIso(context),
    sale: {
      customerId: customer?.id,
      redeemerId: redeemerId ?? customer?.id,
      estimate,
      earnYear: year,
      returnedQuantities: new Map(),
      redeemed,
      refunded: 0,
      voided: false,
    },
  };
  return { result: accepted(idempotencyKey, transaction.id, outcome), record };
}
