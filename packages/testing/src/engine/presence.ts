import { type EventFrame, isNearBirthday, nearestBirthdayYear, toLocalDateTime } from '@loyalty-link/core';
import type { PresenceChange } from '../live/live-context';
import { type EngineContext, nowIso } from './engine-context';

/** A message for the cashier, started by the platform (or a test). */
export interface CashierMessageInput {
  /** The text to show (1–200 characters). */
  text: string;
  /** How prominently to show it. */
  severity: 'info' | 'offer' | 'warning';
  /** The customer it is about. */
  customerId?: string;
  /** The store it is for; absent = every store. */
  storeId?: string;
  /** The register it is for; absent = every register of the store. */
  registerId?: string;
  /** When to stop showing it (ISO 8601). */
  expiresAt?: string;
}

/** Appends a `cashier.message` addressed to a store / register (or everyone). */
export function sendCashierMessage(context: EngineContext, input: CashierMessageInput): EventFrame {
  return context.events.append(
    {
      type: 'cashier.message',
      id: context.ids.next('evt'),
      occurredAt: nowIso(context),
      ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
      ...(input.storeId === undefined ? {} : { storeId: input.storeId }),
      ...(input.registerId === undefined ? {} : { registerId: input.registerId }),
      text: input.text,
      severity: input.severity,
      ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
    },
    {
      ...(input.storeId === undefined ? {} : { storeId: input.storeId }),
      ...(input.registerId === undefined ? {} : { registerId: input.registerId }),
    },
  );
}

/** Whether `birthDate` is within `daysAround` days of the local date at `epochMs` (same rule as earning). */
function nearBirthday(epochMs: number, timeZone: string, birthDate: string, daysAround: number): boolean {
  try {
    return isNearBirthday(toLocalDateTime(epochMs, timeZone), birthDate, daysAround);
  } catch {
    // A birth date that is not a real calendar date earns no bonus, so there is nothing to offer.
    return false;
  }
}

/**
 * Records who is at a till. When a customer is attached, the platform tells that register what to mention:
 * unlocked rewards, and a birthday bonus within the program's window that was not given yet this year.
 * Returns the cashier messages it sent.
 */
export function recordPresence(
  context: EngineContext,
  attached: Map<string, Set<string>>,
  change: PresenceChange,
): EventFrame[] {
  const till = JSON.stringify([change.storeId, change.registerId]);
  const atTill = attached.get(till) ?? new Set<string>();
  attached.set(till, atTill);
  if (change.state === 'detached') {
    atTill.delete(change.customerId);
    return [];
  }
  atTill.add(change.customerId);
  const customer = context.customers.get(change.customerId);
  const account = context.accounts.get(change.customerId);
  if (customer === undefined || account === undefined || customer.status !== 'active') return [];

  const address = { customerId: customer.id, storeId: change.storeId, registerId: change.registerId };
  const sent: EventFrame[] = [];
  const rewards = account.rewards.map((unlocked) => unlocked.reward.name);
  if (rewards.length > 0) {
    sent.push(
      sendCashierMessage(context, {
        ...address,
        severity: 'offer',
        text: `Reward ready to use: ${rewards.join(', ')}`.slice(0, 200),
      }),
    );
  }
  const now = context.clock.now();
  const { timeZone } = context.program;
  for (const rule of context.program.earnRules) {
    if (rule.type !== 'birthday_bonus' || customer.birthDate === undefined) continue;
    // Once per birthday: the bonus near this one may have been given before the new year came.
    if (account.birthdayBonusYears.has(nearestBirthdayYear(toLocalDateTime(now, timeZone), customer.birthDate))) {
      continue;
    }
    if (nearBirthday(now, timeZone, customer.birthDate, rule.daysAround)) {
      sent.push(
        sendCashierMessage(context, {
          ...address,
          severity: 'offer',
          text: `Birthday week: ${rule.points} bonus ${context.program.pointsName} on a purchase today`,
        }),
      );
    }
  }
  return sent;
}
