import {
  type Balance,
  type Clock,
  type Customer,
  type CustomerRef,
  type EventFrame,
  type Hold,
  type HoldRequest,
  type LedgerEntry,
  type LedgerPage,
  type ProductSyncRequest,
  type ProductSyncResult,
  type Program,
  quoteRedemption,
  type RedemptionQuoteRequest,
  type RedemptionQuoteResult,
  type TransactionItemResult,
  type Wallet,
} from '@loyalty-link/core';
import type { PresenceChange } from '../live/live-context';
import type { SeedCustomer } from '../seed/seed-customer';
import { type Account, createAccount } from './account';
import { balanceOf } from './balance-view';
import { type Catalog, type StoredProduct, syncProducts } from './catalog';
import { createCustomerBook } from './customer-book';
import { type EngineContext, nowIso } from './engine-context';
import { type EngineResult, fail, ok } from './engine-result';
import type { EventLog } from './event-log-types';
import { commitHold, createHoldBook, releaseHold, reserveHold, sweepHolds } from './holds';
import { createIdFactory } from './id-factory';
import { addQualifying, debitFloored, post } from './ledger';
import { ledgerPage } from './ledger-page';
import { localYear } from './local-year';
import { type CashierMessageInput, recordPresence, sendCashierMessage } from './presence';
import { publishChanges } from './publish-changes';
import { type RawBatchItem, recordTransaction } from './record-transaction';
import { expireRewards } from './rewards';
import { createScheduler } from './scheduler';
import { tierFor } from './tiers';
import { createTransactionBook, type RecordedTransaction, recordView } from './transaction-book';

/** A customer a test adds at run time: any profile fields, and an opening account. */
export interface NewCustomerInput extends Partial<Omit<Customer, 'version'>> {
  /**
   * Available points to open with.
   * @default 0
   */
  points?: number;
  /**
   * Qualifying points of the current year.
   * @default points
   */
  qualifyingPoints?: number;
  /**
   * Lifetime points.
   * @default the larger of points and qualifyingPoints
   */
  lifetimePoints?: number;
  /** Gift cards and store credit. */
  wallets?: Wallet[];
  /** Stamps by stamp card rule id. */
  stamps?: Record<string, number>;
}

/**
 * The reference platform's domain engine: customers, ledger, balances, tiers, stamps and rewards,
 * transactions, holds, catalog, quotes and presence. Transport-neutral and synchronous: every operation
 * runs to completion without `await`, so two requests can never interleave inside a check-and-move. Each
 * operation first expires what is due, and ends by publishing one `balance.updated` per changed customer.
 */
export interface Engine {
  /** The program in force. */
  readonly program: Program;
  /** The customer a reference points to. */
  findCustomer(ref: CustomerRef): Customer | undefined;
  /** A customer by loyalty id. */
  customer(id: string): Customer | undefined;
  /** A customer's balance now. */
  balance(customerId: string): Balance | undefined;
  /** A page of a customer's ledger, newest first. */
  ledgerPage(customerId: string, limit: number, cursor?: string): EngineResult<LedgerPage>;
  /** Records batch items in order; one result per item. */
  recordBatch(items: readonly RawBatchItem[]): TransactionItemResult[];
  /** Applies a product sync chunk. */
  syncProducts(request: ProductSyncRequest): ProductSyncResult[];
  /** Prices a redemption with the program's rules (reserves nothing). */
  quote(request: RedemptionQuoteRequest): EngineResult<RedemptionQuoteResult>;
  /** Reserves points. */
  reserveHold(request: HoldRequest): EngineResult<Hold>;
  /** A hold by id. */
  hold(id: string): Hold | undefined;
  /** Releases a hold. */
  releaseHold(id: string): EngineResult<Hold>;
  /** Commits a hold explicitly. */
  commitHold(id: string, transactionId: string): EngineResult<Hold>;
  /** Records a presence change; returns the cashier messages it prompted. */
  presence(change: PresenceChange): EventFrame[];
  /** Sends a cashier message through the event log. */
  sendCashierMessage(input: CashierMessageInput): EventFrame;
  /** Adds a customer (tests). */
  addCustomer(input?: NewCustomerInput): Customer;
  /** Changes a customer's profile (tests); publishes `customer.updated`. */
  updateCustomer(id: string, patch: Partial<Omit<Customer, 'id' | 'version'>>): Customer | undefined;
  /** Credits (positive) or debits (negative, never below zero) points by hand (tests). */
  adjustPoints(customerId: string, points: number, reason?: string): LedgerEntry | undefined;
  /** Expires holds and rewards that are due (also done by timers and before every operation). */
  sweep(): void;
  /** Every ledger entry (of one customer, or of all), oldest first. */
  ledger(customerId?: string): LedgerEntry[];
  /** Every recorded transaction, once per item key, in the order recorded. */
  transactions(): RecordedTransaction[];
  /** Every hold. */
  holds(): Hold[];
  /** The synchronised catalog. */
  products(): StoredProduct[];
  /** Customers at each till, from presence (`store/register` → customer ids). */
  presenceByTill(): Map<string, string[]>;
  /** Every customer. */
  customers(): Customer[];
  /**
   * Checks the books: for every customer, the ledger sums to the available points, `availableAfter` runs
   * true, held points equal the active holds, nothing is negative. Returns the problems found (none: `[]`).
   */
  consistency(): string[];
  /** Cancels every timer. */
  close(): void;
}

/** What {@link createEngine} needs. */
export interface EngineDeps {
  program: Program;
  clock: Clock;
  events: EventLog;
  customers: readonly SeedCustomer[];
  rewardValidityMs: number;
}

/** Creates an {@link Engine} with the given program and opening customers. */
export function createEngine(deps: EngineDeps): Engine {
  const context: EngineContext = {
    program: deps.program,
    clock: deps.clock,
    ids: createIdFactory(),
    events: deps.events,
    scheduler: createScheduler(deps.clock),
    customers: createCustomerBook(),
    accounts: new Map(),
    rewardValidityMs: deps.rewardValidityMs,
    journal: [],
    dirty: new Set(),
  };
  const holds = createHoldBook();
  const book = createTransactionBook();
  const catalog: Catalog = new Map();
  const attached = new Map<string, Set<string>>();

  const sweep = (): void => {
    sweepHolds(context, holds);
    for (const account of context.accounts.values()) expireRewards(context, account);
  };
  // Every operation: expire what is due first, so it sees the state a timer would have left; publish last.
  const run = <T>(operation: () => T): T => {
    sweep();
    try {
      return operation();
    } finally {
      publishChanges(context);
    }
  };

  const open = (seed: SeedCustomer): Customer => {
    const customer = structuredClone(seed.customer);
    context.customers.add(customer);
    const account: Account = createAccount(customer.id);
    context.accounts.set(customer.id, account);
    if (seed.points > 0) post(context, account, { type: 'adjust', points: seed.points, reason: 'Opening balance' });
    const qualifying = seed.qualifyingPoints ?? seed.points;
    addQualifying(account, localYear(context.clock.now(), context.program.timeZone), qualifying);
    account.lifetime = seed.lifetimePoints ?? Math.max(seed.points, qualifying);
    account.tierId = tierFor(context.program, qualifying)?.id;
    account.wallets = structuredClone(seed.wallets ?? []);
    for (const [ruleId, stamps] of Object.entries(seed.stamps ?? {})) account.stamps.set(ruleId, stamps);
    account.version = 1;
    // Opening a customer is not news: no events until something happens to them.
    context.dirty.delete(customer.id);
    return customer;
  };
  for (const seed of deps.customers) open(seed);

  const withCustomer = <T>(customerId: string, then: () => EngineResult<T>): EngineResult<T> => {
    const customer = context.customers.get(customerId);
    if (customer === undefined) return fail(404, 'customer_not_found', 'No customer has this id.');
    if (customer.status !== 'active') return fail(422, 'customer_inactive', 'The membership is not active.');
    return then();
  };

  return {
    program: context.program,
    findCustomer: (ref) => structuredClone(context.customers.find(ref)),
    customer: (id) => structuredClone(context.customers.get(id)),
    balance(customerId) {
      return run(() => {
        const account = context.accounts.get(customerId);
        return account === undefined ? undefined : balanceOf(account, context.program, context.clock.now());
      });
    },
    ledgerPage(customerId, limit, cursor) {
      return run(() => {
        const account = context.accounts.get(customerId);
        if (account === undefined) return fail(404, 'customer_not_found', 'No customer has this id.');
        return ledgerPage(customerId, account.ledger, limit, cursor);
      });
    },
    recordBatch(items) {
      return run(() => items.map((item) => recordTransaction(context, book, holds, item)));
    },
    syncProducts(request) {
      return run(() => syncProducts(catalog, request, context.program.currency, context.clock.now()));
    },
    quote(request) {
      return run(() =>
        withCustomer(request.customerId, () => {
          const account = context.accounts.get(request.customerId);
          if (account === undefined) return fail(404, 'customer_not_found', 'No customer has this id.');
          const balance = balanceOf(account, context.program, context.clock.now());
          try {
            return ok(
              quoteRedemption(context.program, request.cart, balance, request.request, { now: nowIso(context) }),
            );
          } catch {
            return fail(422, 'validation_failed', 'The cart cannot be priced against the program.', [
              { path: ['cart'], code: 'invalid', message: 'cannot be priced against the program' },
            ]);
          }
        }),
      );
    },
    reserveHold: (request) => run(() => reserveHold(context, holds, request)),
    hold: (id) => run(() => structuredClone(holds.byId.get(id)?.hold)),
    releaseHold: (id) => run(() => releaseHold(context, holds, id)),
    commitHold: (id, transactionId) => run(() => commitHold(context, holds, id, transactionId)),
    presence: (change) => run(() => recordPresence(context, attached, change)),
    sendCashierMessage: (input) => sendCashierMessage(context, input),
    addCustomer(input = {}) {
      const { points = 0, qualifyingPoints, lifetimePoints, wallets, stamps, ...profile } = input;
      const id = profile.id ?? context.ids.next('cus_t');
      return structuredClone(
        open({
          customer: {
            status: 'active',
            cardCodes: [],
            enrolledAt: nowIso(context),
            ...profile,
            id,
            version: 1,
          },
          points,
          ...(qualifyingPoints === undefined ? {} : { qualifyingPoints }),
          ...(lifetimePoints === undefined ? {} : { lifetimePoints }),
          ...(wallets === undefined ? {} : { wallets }),
          ...(stamps === undefined ? {} : { stamps }),
        }),
      );
    },
    updateCustomer(id, patch) {
      return run(() => {
        const updated = context.customers.update(id, patch);
        if (updated === undefined) return undefined;
        context.events.append(
          {
            type: 'customer.updated',
            id: context.ids.next('evt'),
            occurredAt: nowIso(context),
            customerId: id,
            version: updated.version,
          },
          { customerId: id },
        );
        return structuredClone(updated);
      });
    },
    adjustPoints(customerId, points, reason = 'Manual adjustment') {
      return run(() => {
        const account = context.accounts.get(customerId);
        if (account === undefined || points === 0) return undefined;
        if (points > 0) {
          account.lifetime += points;
          return post(context, account, { type: 'adjust', points, reason });
        }
        debitFloored(context, account, -points, { type: 'adjust', reason });
        return account.ledger.at(-1);
      });
    },
    sweep: () => run(() => undefined),
    ledger(customerId) {
      const entries = customerId === undefined ? context.journal : (context.accounts.get(customerId)?.ledger ?? []);
      return structuredClone(entries);
    },
    transactions: () => book.all.map(recordView),
    holds: () => [...holds.byId.values()].map((record) => structuredClone(record.hold)),
    products: () => [...catalog.values()].map((stored) => structuredClone(stored)),
    presenceByTill: () => new Map([...attached].map(([till, ids]) => [till, [...ids]])),
    customers: () => structuredClone(context.customers.list()),
    consistency() {
      const problems: string[] = [];
      for (const account of context.accounts.values()) {
        const id = account.customerId;
        const sum = account.ledger.reduce((total, entry) => total + entry.points, 0);
        if (sum !== account.available) problems.push(`${id}: ledger sums to ${sum}, available is ${account.available}`);
        const last = account.ledger.at(-1)?.availableAfter ?? 0;
        if (last !== account.available)
          problems.push(`${id}: last availableAfter ${last} ≠ available ${account.available}`);
        let running = 0;
        for (const entry of account.ledger) {
          running += entry.points;
          if (entry.availableAfter !== running) problems.push(`${id}: entry ${entry.id} availableAfter is off`);
        }
        const held = [...holds.byId.values()]
          .filter((record) => record.hold.customerId === id && record.hold.status === 'active')
          .reduce((total, record) => total + record.hold.points, 0);
        if (held !== account.held) problems.push(`${id}: held ${account.held} ≠ active holds ${held}`);
        if (account.available < 0) problems.push(`${id}: available is negative`);
        if (account.held < 0) problems.push(`${id}: held is negative`);
      }
      return problems;
    },
    close: () => context.scheduler.close(),
  };
}
