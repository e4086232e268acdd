import type { ProductInput } from '@loyalty-link/core';
import {
  ConfigurationError,
  type EarnEstimate,
  estimateEarn,
  fullJitterBackoff,
  isAbortError,
  isLoyaltyLinkError,
  isPlatformError,
  isProtocolError,
  type Level0Port,
  LoyaltyLinkError,
  MAX_TIMER_MS,
  parseTransaction,
  redactingLogger,
  silentLogger,
  systemClock,
  systemRandom,
  type Tier,
  type TierStatus,
  type Transaction,
  type TransactionInput,
  TypedEmitter,
  transactionBatchIdempotencyKey,
  transactionIdempotencyKey,
  ValidationError,
} from '@loyalty-link/core';
import { checkSyncOptions, type SyncProductsOptions, type SyncReport, syncProducts } from './catalog/sync-products';
import { createDeadLetterAdmin, type DeadLetterAdmin } from './dead-letters';
import type { PushClientEvents, PushState, PushStatus } from './events';
import { classifyFailure } from './internal/classify-failure';
import { orderingKeysOf } from './internal/ordering-keys';
import { resolvePort } from './internal/resolve-port';
import { BatchSelector } from './internal/select-batch';
import { checkPushClientOptions, type PushClientOptions, pushClientDefaults } from './options';
import { schedulerFor } from './outbox/internal/schedule';
import type { DeadLetterReason, OutboxEntry } from './outbox/outbox-store';

/** A transaction as the register hands it over: `kind`, `storeId` and `registerId` may be left out. */
export type RecordInput = Omit<TransactionInput, 'kind' | 'storeId' | 'registerId'> &
  Partial<Pick<TransactionInput, 'kind' | 'storeId' | 'registerId'>>;

/** Runs a callback as the next task: `setImmediate` in Node, a message channel in browsers, which have none. */
const nextTask = schedulerFor('immediate');
/** Per-call options of `record()`, `recordReturn()` and `recordVoid()`. */
export interface RecordOptions {
  /**
   * The customer's tier, if the register knows it, for a closer offline estimate: its id, the program's
   * tier, or the `TierStatus` a balance read returns.
   */
  tier?: Tier | TierStatus | string | undefined;
  /** The customer's birth date (`YYYY-MM-DD`), if known, for the birthday bonus in the estimate. */
  birthDate?: string | undefined;
}

/** What `record()` promises once it resolves: the transaction is durable in the outbox. */
export interface RecordReceipt {
  /** The transaction id. */
  transactionId: string;
  /** The idempotency key it will be delivered under, derived from store, register, kind and id. */
  idempotencyKey: string;
  /**
   * `recorded`: stored now. `already_recorded`: the same transaction was recorded before and is still
   * waiting or dead-lettered; nothing changed. (Once delivered, a repeat is stored and sent again, and the
   * platform answers `duplicate`: it records it once.)
   */
  status: 'recorded' | 'already_recorded';
  /**
   * The points the sale should earn, computed offline from the program (when the client has one and the
   * sale has a customer). The platform's figure is authoritative.
   */
  estimate: EarnEstimate | undefined;
}

/** What `flush()` achieved. */
export interface FlushResult {
  /** Transactions acknowledged during this flush. */
  delivered: number;
  /** Transactions dead-lettered during this flush. */
  deadLettered: number;
  /** Transactions still waiting afterwards (they stay stored and are sent later). */
  remaining: number;
  /** Why the flush stopped early, if it did. */
  error: LoyaltyLinkError | undefined;
}

/** The level-0 client: records sales, returns and voids durably and delivers each exactly once. */
export interface PushClient {
  /**
   * Validates a completed sale and stores it in the outbox. Resolves only once it is durable, with its
   * idempotency key and the offline points estimate. Throws `ValidationError` listing every issue.
   *
   * @example
   * ```ts
   * const receipt = await client.record(sale);
   * printer.line(`Points earned: ${receipt.estimate?.points ?? '–'}`);
   * ```
   */
  record(sale: RecordInput, options?: RecordOptions): Promise<RecordReceipt>;
  /** Like {@link PushClient.record}, for a return of goods (names its original sale when known). */
  recordReturn(transaction: RecordInput, options?: RecordOptions): Promise<RecordReceipt>;
  /** Like {@link PushClient.record}, for the void of an earlier transaction (`originalTransactionId`). */
  recordVoid(transaction: RecordInput): Promise<RecordReceipt>;
  /** Sends everything that can be sent now, ignoring backoff once. Never throws for delivery failures. */
  flush(options?: { signal?: AbortSignal | undefined }): Promise<FlushResult>;
  /**
   * Stops accepting records, sends what it can within `timeoutMs` (default 10,000 ms), then closes the
   * outbox. Returns within the timeout; whatever was not sent stays stored and goes out at the next start.
   * It rejects only for a bad `timeoutMs`: running out of time (`close_timeout`) or an outbox that failed
   * (`outbox_busy` when another program held the file) is the result's `error`, and the client is closed
   * all the same. Later calls return the first call's result.
   */
  closeAndFlush(options?: { timeoutMs?: number | undefined }): Promise<FlushResult>;
  /** Starts delivery (only needed with `autoStart: false`). */
  start(): void;
  /** Depth, oldest age, in flight, retries, dead letters, last success and state. */
  status(): Promise<PushStatus>;
  /** Delivery events: `delivered`, `retrying`, `dead-lettered`, `stalled`, `drained`, `lease-lost`. */
  readonly events: TypedEmitter<PushClientEvents>;
  /** The dead-letter list: list, replay after a fix, discard. */
  readonly deadLetters: DeadLetterAdmin;
  /**
   * Sends the catalog products that changed since the last acknowledged sync, in chunks of at most 1,000,
   * and records each acknowledged chunk, so a sync interrupted by a crash resumes where it stopped. Calls
   * run one after the other; `closeAndFlush` stops a running sync once its time is up.
   * @throws `ConfigurationError` (`invalid_option`) for a bad `chunkSize`; `ValidationError` for a catalog
   * that is not iterable, or that is empty while `removeMissing` is left out (its issue's code is
   * `empty_catalog`); `LoyaltyLinkError` (`client_closed`) after `closeAndFlush`. Invalid products are
   * reported in the result, not thrown.
   */
  syncProducts(catalog: Iterable<ProductInput>, options?: SyncProductsOptions): Promise<SyncReport>;
}

/**
 * Creates a level-0 push client.
 *
 * @example
 * ```ts
 * import { createPushClient } from '@loyalty-link/level0-push';
 * import { sqliteOutbox } from '@loyalty-link/level0-push/sqlite';
 *
 * const client = createPushClient({
 *   platform: { baseUrl: 'https://loyalty.example.com', apiKey: process.env.LOYALTY_KEY! },
 *   storeId: 'ams-01',
 *   registerId: 'reg-2',
 *   outbox: sqliteOutbox('/var/lib/register/loyalty-outbox.db'),
 * });
 * await client.record(sale);
 * ```
 */
export function createPushClient(options: PushClientOptions): PushClient {
  // Plain JavaScript may pass nothing at all.
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('invalid_option', 'createPushClient needs its options object.');
  }
  return new DurablePushClient(options);
}

class DurablePushClient implements PushClient {
  readonly events: TypedEmitter<PushClientEvents>;
  readonly deadLetters: DeadLetterAdmin;

  readonly #options: PushClientOptions;
  readonly #port: Level0Port;
  readonly #outbox: PushClientOptions['outbox'];
  readonly #clock;
  readonly #random;
  readonly #logger;
  readonly #batch;
  readonly #retry;
  readonly #sendTimeoutMs: number;
  readonly #leaseTtlMs: number;
  /** How often an idle client looks for entries others put in a shared store: a third of the lease, 1 s at least. */
  readonly #idlePollMs: number;
  /** How long a client that another holds the lease from waits to try again: half the lease, 1 s at least. */
  readonly #leaseRetryMs: number;
  readonly #stallAfterMs: number;
  readonly #scanWindow: number;
  readonly #concurrency: number;
  /** The longest wait the client ever sets; a longer one means the wall clock was set back since. */
  readonly #longestWaitMs: number;
  readonly #owner: string;

  #started = false;
  #closing = false;
  #closed = false;
  #closeResult: Promise<FlushResult> | undefined;
  #maxItems: number;
  #timer: unknown;
  #timerAt: number | undefined;
  /** Whether the timer is an idle look at the store (see `#runCycles`), not a cycle something asked for. */
  #timerIsPoll = false;
  #cycle: Promise<void> | undefined;
  #rerun = false;
  #pausedUntil = 0;
  #stop = new AbortController();

  #state: PushState = 'idle';
  #inFlight = 0;
  #retries = 0;
  #lastSuccessAt: number | undefined;
  #lastError: LoyaltyLinkError | undefined;
  #failingSince: number | undefined;
  #stalledReported = false;
  #deliveredTotal = 0;
  #leftSinceDrained = 0;
  #holdsLease = false;
  #leaseRenewedAt = 0;
  /** Keys of entries chosen for a request and not yet settled (sent, waiting to be sent, or being removed). */
  readonly #sendingKeys = new Set<string>();
  /** For each ordering key held by an open request, the latest such request: later entries follow it. */
  readonly #claims = new Map<string, OpenRequest>();
  /** Selection runs one request at a time, so no entry is picked by two requests. */
  #selecting: Promise<void> = Promise.resolve();
  /** Failed requests so far: a delivery tells from it whether another lane failed while it travelled. */
  #failures = 0;
  /** Appends of records under way, which closing waits for. */
  readonly #appending = new Set<Promise<unknown>>();
  /** The catalog sync running or queued last; it never rejects. */
  #syncing: Promise<void> = Promise.resolve();
  #settledWaiters: (() => void)[] = [];
  #openRequests = 0;
  /**
   * A position in the queue up to which every pending entry is chosen for a request (in flight, waiting to
   * follow one, or acknowledged and being removed), so selection reads on from there. Unset, selection reads
   * from the front. Unset again whenever an entry goes back to waiting, when dead letters are revived (they
   * keep their place), when the lease is lost, at the start of every drain, and when the store's count of
   * revivals changes (another process or tab revived dead letters; see `#revivedElsewhere`).
   */
  #chosenThrough: number | undefined;
  /** The store's count of revivals (`OutboxStats.revivals`) as the last selection saw it. */
  #revivalMark: number | undefined;
  /**
   * Counts the times `#chosenThrough` was unset. A selection that read the queue before an unset (a replay
   * landing while it awaited the outbox) must not move the position past what it could not see.
   */
  #chosenEpoch = 0;

  constructor(options: PushClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? systemRandom;
    this.#logger = redactingLogger(options.logger ?? silentLogger);
    this.#batch = { ...pushClientDefaults.batch, ...options.batch };
    this.#retry = { ...pushClientDefaults.retry, ...options.retry };
    this.#sendTimeoutMs = options.sendTimeoutMs ?? pushClientDefaults.sendTimeoutMs;
    this.#leaseTtlMs = options.leaseTtlMs ?? pushClientDefaults.leaseTtlMs;
    this.#idlePollMs = Math.max(1000, Math.floor(this.#leaseTtlMs / 3));
    this.#leaseRetryMs = Math.max(1000, Math.floor(this.#leaseTtlMs / 2));
    this.#stallAfterMs = options.stallAfterMs ?? pushClientDefaults.stallAfterMs;
    this.#scanWindow = options.scanWindow ?? pushClientDefaults.scanWindow;
    this.#maxItems = this.#batch.maxItems;
    // Every wait the client sets itself: longer ones can only come from a clock set back (see `#schedule`).
    this.#longestWaitMs = Math.max(
      this.#retry.maxMs,
      this.#retry.maxRetryAfterMs,
      this.#leaseTtlMs,
      this.#idlePollMs,
      this.#leaseRetryMs,
    );
    checkPushClientOptions(options, this.#batch, this.#retry);
    this.#concurrency = this.#batch.concurrency;
    this.#outbox = options.outbox;
    this.#owner = `${options.storeId}/${options.registerId}/${Math.floor(this.#random() * 2 ** 48).toString(36)}`;
    this.#port = resolvePort(options.platform, {
      logger: this.#logger,
      clock: this.#clock,
      random: this.#random,
      attemptTimeoutMs: options.attemptTimeoutMs ?? pushClientDefaults.attemptTimeoutMs,
      deadlineMs: this.#sendTimeoutMs,
      maxRetryAfterMs: this.#retry.maxRetryAfterMs,
    });
    this.events = new TypedEmitter<PushClientEvents>((error, event) =>
      this.#logger.error('a push client event listener threw', { event, error }),
    );
    this.deadLetters = createDeadLetterAdmin({
      outbox: this.#outbox,
      clock: this.#clock,
      isClosed: () => this.#closed,
      onRevived: () => {
        this.#forgetChosen();
        this.#wake(0);
      },
    });
    if (options.autoStart ?? pushClientDefaults.autoStart) this.start();
  }

  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#wake(0);
  }

  record(sale: RecordInput, options?: RecordOptions): Promise<RecordReceipt> {
    return this.#record('sale', sale, options);
  }

  recordReturn(transaction: RecordInput, options?: RecordOptions): Promise<RecordReceipt> {
    return this.#record('return', transaction, options);
  }

  recordVoid(transaction: RecordInput): Promise<RecordReceipt> {
    return this.#record('void', transaction, undefined);
  }

  async #record(
    kind: Transaction['kind'],
    input: RecordInput,
    options: RecordOptions | undefined,
  ): Promise<RecordReceipt> {
    if (this.#closing) throw new LoyaltyLinkError('client_closed', 'The push client is closed; record on a new one');
    const transaction = this.#validate(kind, input);
    // Before the append: an option the estimate refuses (an unknown tier, a malformed birth date) must
    // fail the call with nothing stored, or a cashier told the sale was invalid would ring it up again.
    const estimate = this.#estimate(transaction, options);
    const idempotencyKey = transactionIdempotencyKey(transaction);
    const payload = JSON.stringify(transaction);
    const appended = this.#outbox.append([
      { key: idempotencyKey, kind, orderingKeys: orderingKeysOf(transaction), payload, createdAt: this.#clock.now() },
    ]);
    this.#appending.add(appended);
    let outcomes: Awaited<typeof appended>;
    try {
      outcomes = await appended;
    } finally {
      this.#appending.delete(appended);
    }
    const [outcome] = outcomes;
    if (outcome === undefined)
      throw new LoyaltyLinkError('outbox_failed', 'The outbox returned no outcome for the record');
    if (outcome.status === 'conflict') {
      throw new ValidationError('transaction', [
        {
          path: ['id'],
          code: 'idempotency_conflict',
          message: `${kind} ${transaction.id} was already recorded at this register with different content`,
        },
      ]);
    }
    if (outcome.status === 'stored') {
      this.#wake(this.#batch.lingerMs);
    }
    return {
      transactionId: transaction.id,
      idempotencyKey,
      status: outcome.status === 'stored' ? 'recorded' : 'already_recorded',
      estimate,
    };
  }

  #validate(kind: Transaction['kind'], input: RecordInput): Transaction {
    // Callers in plain JavaScript can pass anything; it must fail like any other invalid transaction.
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ValidationError(kind, [{ path: [], code: 'invalid_type', message: 'must be an object' }]);
    }
    const issues = [];
    if (input.kind !== undefined && input.kind !== kind) {
      issues.push({ path: ['kind'], code: 'kind_mismatch', message: `must be ${kind} (or left out) for this method` });
    }
    if (input.storeId !== undefined && input.storeId !== this.#options.storeId) {
      issues.push({
        path: ['storeId'],
        code: 'store_mismatch',
        message: "must be this register's store (or left out)",
      });
    }
    if (input.registerId !== undefined && input.registerId !== this.#options.registerId) {
      issues.push({ path: ['registerId'], code: 'register_mismatch', message: 'must be this register (or left out)' });
    }
    if (issues.length > 0) throw new ValidationError(kind, issues);
    return parseTransaction({ ...input, kind, storeId: this.#options.storeId, registerId: this.#options.registerId });
  }

  #estimate(transaction: Transaction, options: RecordOptions | undefined): EarnEstimate | undefined {
    const program = this.#options.program;
    if (program === undefined || transaction.kind !== 'sale' || transaction.customer === undefined) return undefined;
    return estimateEarn(program, transaction, {
      ...(options?.tier === undefined ? {} : { tier: options.tier }),
      ...(options?.birthDate === undefined ? {} : { birthDate: options.birthDate }),
    });
  }

  async flush(options: { signal?: AbortSignal | undefined } = {}): Promise<FlushResult> {
    if (this.#closed) throw new LoyaltyLinkError('client_closed', 'The push client is closed');
    // Plain JavaScript may pass null for "no options".
    return this.#flush(options?.signal);
  }

  async #flush(signal: AbortSignal | undefined): Promise<FlushResult> {
    const result: FlushResult = { delivered: 0, deadLettered: 0, remaining: 0, error: undefined };
    // What the cycle in progress delivers while the flush waits for it counts too.
    const deliveredBefore = this.#deliveredTotal;
    // Wait for a cycle in progress, then drain with backoff ignored until nothing can be sent.
    await this.#cycle?.catch(() => {});
    if (signal?.aborted !== true) {
      // The caller's signal, and closing: closeAndFlush cuts short a flush in progress to keep its timeout.
      const stop =
        signal === undefined
          ? { signal: this.#stop.signal, release: () => {} }
          : eitherSignal(signal, this.#stop.signal);
      let outcome: DrainStep;
      try {
        outcome = await this.#exclusive(() => this.#drain({ ignoreBackoff: true, signal: stop.signal }));
      } finally {
        stop.release();
      }

      result.deadLettered += outcome.deadLettered;
      result.error = outcome.error;
    }
    result.delivered = this.#deliveredTotal - deliveredBefore;
    result.remaining = this.#closed ? result.remaining : (await this.#outbox.stats()).pending;
    return result;
  }

  closeAndFlush(options: { timeoutMs?: number | undefined } = {}): Promise<FlushResult> {
    // Refused before anything closes, so that a call with a good timeout can follow. Null means no options.
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0)) {
      return Promise.reject(
        new ConfigurationError('invalid_option', 'timeoutMs must be a number of milliseconds of 0 or more.'),
      );
    }
    // A second call (a shutdown hook and an exit hook) gets the first one's result.
    this.#closeResult ??= this.#closeAndFlush({ timeoutMs });
    return this.#closeResult;
  }

  async #closeAndFlush(options: { timeoutMs?: number | undefined }): Promise<FlushResult> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.#closing = true;
    this.#clearTimer();
    const deadline = new AbortController();
    // Infinity waits for as long as it takes; a finite time beyond what a timer can hold is that longest time.
    const timer = Number.isFinite(timeoutMs)
      ? this.#clock.setTimeout(
          () => {
            deadline.abort(new LoyaltyLinkError('close_timeout', `closeAndFlush ran out of its ${timeoutMs} ms`));
            this.#stop.abort(deadline.signal.reason);
          },
          Math.min(timeoutMs, MAX_TIMER_MS),
        )
      : undefined;
    const deliveredBefore = this.#deliveredTotal;
    let result: FlushResult;
    try {
      // Records already past the closed check are being stored: they count as what remains, or go out.
      await Promise.allSettled([...this.#appending]);
      result = await this.#flush(deadline.signal);
      // A catalog sync under way goes on until the time is up, then stops between (or within) chunks.
      await this.#syncing;
    } catch (error) {
      // The outbox failed (another program held the file past the busy timeout, the disk is full): the
      // client closes all the same, and says why in the result. What was not sent stays stored.
      result = {
        delivered: this.#deliveredTotal - deliveredBefore,
        deadLettered: 0,
        remaining: 0,
        error: toLoyaltyLinkError(error),
      };
    } finally {
      if (timer !== undefined) this.#clock.clearTimeout(timer);
    }
    this.#clearTimer();
    await this.#cycle?.catch(() => {});
    try {
      result.remaining = (await this.#outbox.stats()).pending;
    } catch (error) {
      // Unknown then: `remaining` keeps what the flush counted (0 if the flush failed), and `error` says why.
      result.error ??= toLoyaltyLinkError(error);
    }
    // Out of time: say so, whether or not a request was cut short on the way (an abort error then).
    if (
      deadline.signal.aborted &&
      (result.error === undefined || isAbortError(result.error)) &&
      isLoyaltyLinkError(deadline.signal.reason)
    ) {
      result.error = deadline.signal.reason;
    }
    // A lease that cannot be given up now lapses after `leaseTtlMs`, for the next process.
    if (this.#holdsLease) await this.#outbox.releaseLease(this.#owner).catch(() => {});
    this.#closed = true;
    try {
      await this.#outbox.close();
    } catch (error) {
      result.error ??= toLoyaltyLinkError(error);
    }
    this.#logger.info('push client closed', { delivered: result.delivered, remaining: result.remaining });
    return result;
  }

  async status(): Promise<PushStatus> {
    if (this.#closed) throw new LoyaltyLinkError('client_closed', 'The push client is closed');
    const stats = await this.#outbox.stats();
    let state: PushState = stats.pending === 0 && this.#state !== 'sending' ? 'idle' : this.#state;
    let lastError: PushStatus['lastError'] =
      this.#lastError === undefined ? undefined : { code: this.#lastError.code, message: this.#lastError.message };
    if (stats.pending > 0 && !this.#holdsLease && this.#failingSince === undefined) {
      // Another process or tab drains this store (or nobody has started): its failures are not this client's
      // to know, but they are written on the entries. The first one in line tells whether delivery fails.
      const [first] = await this.#outbox.scan({ limit: 1 });
      if (first !== undefined && first.attempts > 0) {
        const age = stats.oldestCreatedAt === undefined ? 0 : this.#clock.now() - stats.oldestCreatedAt;
        state = age >= this.#stallAfterMs ? 'stalled' : 'backing-off';
        if (first.lastError !== undefined) lastError = { code: first.lastError.code, message: first.lastError.message };
      }
    }
    return {
      state,
      depth: stats.pending,
      oldestAgeMs: stats.oldestCreatedAt === undefined ? 0 : Math.max(0, this.#clock.now() - stats.oldestCreatedAt),
      inFlight: this.#inFlight,
      retries: this.#retries,
      deadLetters: stats.deadLetters,
      lastSuccessAt: this.#lastSuccessAt,
      lastError,
      durable: this.#outbox.durable,
    };
  }

  syncProducts(catalog: Iterable<ProductInput>, given: SyncProductsOptions = {}): Promise<SyncReport> {
    if (this.#closing) return Promise.reject(new LoyaltyLinkError('client_closed', 'The push client is closed'));
    // Plain JavaScript may pass null for "no options".
    const options = given ?? {};
    try {
      checkSyncOptions(catalog, options);
    } catch (error) {
      return Promise.reject(error);
    }
    // One sync at a time: two interleaved runs could record an older version's hash after the platform
    // applied a newer one, and later syncs of that older version would be skipped.
    const run = this.#syncing.then(() => this.#syncOnce(catalog, options));
    this.#syncing = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  async #syncOnce(catalog: Iterable<ProductInput>, options: SyncProductsOptions): Promise<SyncReport> {
    if (this.#closing) throw new LoyaltyLinkError('client_closed', 'The push client is closed');
    // Closing stops the sync between chunks once its time is up, and waits for it before closing the outbox.
    const stop =
      options.signal === undefined
        ? { signal: this.#stop.signal, release: () => {} }
        : eitherSignal(options.signal, this.#stop.signal);
    const syncId = `sync-${this.#clock.now().toString(36)}-${Math.floor(this.#random() * 2 ** 48).toString(36)}`;
    try {
      return await syncProducts({ port: this.#port, outbox: this.#outbox, logger: this.#logger, syncId }, catalog, {
        ...options,
        signal: stop.signal,
      });
    } finally {
      stop.release();
    }
  }

  // ---- the drain loop -------------------------------------------------------------------------------

  /** Schedules a drain cycle in `delayMs` (keeping an earlier one if already scheduled). */
  #wake(delayMs: number): void {
    if (!this.#started || this.#closing) return;
    const at = Math.max(this.#clock.now() + delayMs, this.#pausedUntil);
    if (this.#cycle !== undefined) {
      // A cycle is running; it loops again when it ends if there may be more to do.
      if (delayMs === 0) this.#rerun = true;
      else this.#schedule(at);
      return;
    }
    this.#schedule(at);
  }

  /**
   * Runs a cycle at `at`, unless one is due sooner. A `poll` never replaces a timer already set, and does not
   * keep a Node process alive: it only looks for entries another process or tab put in the store.
   */
  #schedule(at: number, poll = false): void {
    if (this.#timerAt !== undefined) {
      // A poll never replaces a timer; any other schedule replaces a poll, and a later timer.
      if (poll || (!this.#timerIsPoll && this.#timerAt <= at)) return;
    }
    this.#clearTimer();
    // Further ahead than the longest wait the client sets: the clock was set back since `at` was chosen, and
    // the cycle runs now (it treats such pauses and retry times as over).
    const wait = at - this.#clock.now();
    this.#timerAt = at;
    this.#timerIsPoll = poll;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timerAt = undefined;
        this.#timer = undefined;
        this.#runCycles(this.#timerIsPoll);
      },
      wait > this.#longestWaitMs ? 0 : Math.max(0, wait),
    );
    if (poll) (this.#timer as { unref?: () => void } | undefined)?.unref?.();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = undefined;
  }

  /**
   * Drains until nothing more can be sent now, then sets the timer: for the next retry or lease attempt, or,
   * with nothing to wait for, for a look at the store in `#idlePollMs`. Only an idle look finds what another
   * process or tab recorded (or replayed) in a shared store and then left: nothing else wakes this client.
   * The look is one cheap read (`stats()`); a drain, with its lease write, follows only if entries wait.
   */
  #runCycles(poll = false): void {
    if (this.#cycle !== undefined || this.#closing) return;
    this.#cycle = (async () => {
      try {
        if (poll && !this.#rerun && (await this.#outbox.stats()).pending === 0) {
          if (!this.#closing) this.#schedule(this.#clock.now() + this.#idlePollMs, true);
          return;
        }
        for (;;) {
          this.#rerun = false;
          const outcome = await this.#drain({ ignoreBackoff: false, signal: this.#stop.signal });
          if (this.#closing) return;
          if (this.#rerun && outcome.error === undefined) continue;
          if (outcome.nextAt !== undefined) this.#schedule(outcome.nextAt);
          else this.#schedule(this.#clock.now() + this.#idlePollMs, true);
          return;
        }
      } catch (error) {
        // A failing outbox (disk full, corrupt file) must not kill delivery for good: log, retry later.
        this.#lastError = toLoyaltyLinkError(error);
        this.#logger.error('the delivery cycle failed', { error });
        if (!this.#closing) this.#schedule(this.#clock.now() + this.#retry.baseMs);
      } finally {
        this.#cycle = undefined;
      }
    })();
  }

  /** Runs `task` when no cycle is running (flush and the timer loop never overlap). */
  async #exclusive<T>(task: () => Promise<T>): Promise<T> {
    while (this.#cycle !== undefined) await this.#cycle.catch(() => {});
    let release: () => void = () => {};
    this.#cycle = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      return await task();
    } finally {
      this.#cycle = undefined;
      release();
      // A timer that came due while the task held the cycle found it busy and was spent; resume the
      // schedule (wake respects any backoff in force).
      this.#wake(0);
    }
  }

  /**
   * Sends batches, up to `batch.concurrency` requests at once, until nothing more can be sent now: the queue
   * is empty, what is left is waiting for a retry, or a request failed (then everything pauses).
   */
  async #drain(mode: DrainMode): Promise<DrainStep> {
    const outcome = emptyStep();
    if (this.#sendingKeys.size === 0) this.#forgetChosen();
    // Selections made beside a request in flight that found nothing to send, in a row, across lanes.
    let fruitless = 0;
    const lane = async (): Promise<void> => {
      while (outcome.error === undefined && mode.signal?.aborted !== true) {
        const step = await this.#drainOnce(mode, outcome);
        outcome.sent ||= step.sent;
        outcome.delivered += step.delivered;
        outcome.deadLettered += step.deadLettered;
        outcome.error ??= step.error;
        if (step.sent && step.concurrent) fruitless = 0;
        if (step.sent && step.error === undefined) continue;
        if (step.heldByInFlight) {
          // What is left waits for a request in flight (the same entries, or a customer's earlier ones).
          if (this.#sendingKeys.size === 0) continue;
          // A queue of few customers keeps every request waiting on the one before: then one lane is all
          // there is to do, and the others leave rather than read the queue again for nothing.
          if (++fruitless >= 2) return;
          await new Promise<void>((resolve) => this.#settledWaiters.push(resolve));
          continue;
        }
        if (step.nextAt !== undefined) outcome.nextAt = Math.min(outcome.nextAt ?? step.nextAt, step.nextAt);
        return;
      }
    };
    // Every lane ends before the drain does, even when one failed (a broken outbox): no request is left
    // running behind the cycle's back.
    const ends = await Promise.allSettled(Array.from({ length: this.#concurrency }, lane));
    for (const end of ends) if (end.status === 'rejected') throw end.reason;
    if (outcome.error !== undefined) outcome.nextAt = Math.max(outcome.nextAt ?? 0, this.#pausedUntil);
    return outcome;
  }

  /**
   * Chooses one batch and sends it. A failure is noted in `drain` before the batch's entries are let go:
   * the lanes this wakes must see that the drain failed, or they would send the same entries again at once.
   */
  async #drainOnce(mode: DrainMode, drain: DrainStep): Promise<DrainStep> {
    const step = emptyStep();
    const request = await this.#selectExclusive(() => this.#select(mode, step));
    if (request === undefined) return step;
    const { batch } = request;
    if (request.after.length > 0) {
      // Chosen while the requests it must follow were in flight, and prepared meanwhile: it goes the moment
      // they are delivered, or stays stored (and goes after their retry) if one of them was not.
      const failed = (await Promise.all(request.after.map((earlier) => earlier.outcome))).find(
        (outcome) => outcome.error !== undefined || !outcome.delivered,
      );
      // Let go of the requests before: each of them points to the one before it, and a drain after an
      // outage would otherwise keep every batch it ever sent reachable.
      request.after = [];
      if (failed !== undefined || mode.signal?.aborted === true) {
        drain.error ??= failed?.error;
        this.#releaseKeys(request, false);
        this.#finish(request, { delivered: false, error: failed?.error });
        step.heldByInFlight = true;
        step.error = failed?.error;
        return step;
      }
    }
    step.sent = true;
    this.#state = 'sending';
    this.#inFlight += batch.length;
    try {
      const callOptions = { signal: mode.signal, deadlineMs: this.#sendTimeoutMs, idempotencyKey: batchKeyOf(batch) };
      const failuresAtSend = this.#failures;
      // The stored payloads are the JSON text of validated transactions: a port that can, sends them as
      // they are.
      const response =
        this.#port.sendSerializedTransactions === undefined
          ? await this.#port.sendTransactions(
              {
                items: batch.map((entry) => ({
                  idempotencyKey: entry.key,
                  transaction: JSON.parse(entry.payload) as Transaction,
                })),
              },
              callOptions,
            )
          : await this.#port.sendSerializedTransactions(
              batch.map((entry) => ({ idempotencyKey: entry.key, json: entry.payload })),
              callOptions,
            );
      await this.#settle(request, response.results, step, failuresAtSend);
    } catch (error) {
      await this.#onFailure(batch, toLoyaltyLinkError(error), step);
    } finally {
      this.#inFlight -= batch.length;
      drain.error ??= step.error;
      this.#releaseKeys(request, request.gone);
      this.#finish(request, { delivered: false, error: step.error });
    }
    return step;
  }

  /** Runs `work` after every selection begun before it has finished. */
  async #selectExclusive<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#selecting;
    let done: () => void = () => {};
    this.#selecting = new Promise<void>((resolve) => {
      done = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      done();
    }
  }

  /**
   * Picks the next batch, one that can go now or else one to follow the requests in flight, and marks its
   * entries as chosen; or explains in `step` why there is none (nothing due, no lease, everything left in
   * requests already).
   */
  async #select(mode: DrainMode, step: DrainStep): Promise<OpenRequest | undefined> {
    const now = this.#clock.now();
    // A pause longer than any the client sets began before the wall clock was set back (an NTP correction,
    // a clock that was wrong at boot): it is over, or delivery would stop for as long as the clock jumped.
    if (this.#pausedUntil - now > this.#longestWaitMs) this.#pausedUntil = 0;
    if (!mode.ignoreBackoff && now < this.#pausedUntil) {
      step.nextAt = this.#pausedUntil;
      return undefined;
    }
    // Renewing costs a write (and a sync) per cycle; a lease with two thirds of its time left cannot be taken
    // by anyone else, so it is renewed only after a third has passed.
    // A renewal in the future means the clock was set back since: renew now, which also tells whether
    // another process took the lease meanwhile (a lease written ahead of the clock is free to take).
    const sinceRenewal = now - this.#leaseRenewedAt;
    const fresh = this.#holdsLease && sinceRenewal >= 0 && sinceRenewal < this.#leaseTtlMs / 3;
    const leased = fresh || (await this.#outbox.acquireLease({ owner: this.#owner, ttlMs: this.#leaseTtlMs, now }));
    if (leased && !fresh) this.#leaseRenewedAt = now;
    if (!leased) {
      this.#forgetChosen();
      // Once per loss: the lanes still settling requests sent under the lost lease come here again.
      if (this.#holdsLease) this.events.emit('lease-lost', { owner: this.#owner });
      this.#holdsLease = false;
      if (this.#sendingKeys.size === 0) this.#state = 'idle';
      step.nextAt = now + this.#leaseRetryMs;
      return undefined;
    }
    this.#holdsLease = true;

    // Read the queue a page at a time, only as far as it takes to fill a batch (or up to the scan window,
    // when entries ahead are blocked behind others waiting for a retry or in flight).
    const newSelector = (): BatchSelector =>
      new BatchSelector(
        mode.ignoreBackoff ? Number.POSITIVE_INFINITY : now,
        { maxItems: this.#maxItems, maxBytes: this.#batch.maxBytes },
        { keys: this.#sendingKeys, orderingKeys: this.#claims },
        this.#longestWaitMs,
      );
    let selector = newSelector();
    // With requests open, a page past their entries is enough: what is further back mostly belongs to the
    // same customers, and is looked at again when they settle.
    const open = this.#openRequests;
    const concurrent = open > 0;
    step.concurrent = concurrent;
    let start: number | undefined;
    let epoch: number;
    let pages: OutboxEntry[][];
    let scanned: number;
    for (;;) {
      // The head of the queue that is all in requests is not read again (see `#chosenThrough`).
      start = this.#chosenThrough;
      epoch = this.#chosenEpoch;
      const skipped = start === undefined ? 0 : open;
      const pageSize = Math.min(this.#scanWindow, this.#maxItems * (open - skipped + 1) + 1);
      const window = concurrent ? pageSize : this.#scanWindow;
      pages = [];
      scanned = 0;
      let afterSeq = start;
      while (!selector.full && scanned < window) {
        const page = await this.#outbox.scan({ afterSeq, limit: Math.min(pageSize, window - scanned) });
        pages.push(page);
        selector.add(page);
        scanned += page.length;
        afterSeq = page.at(-1)?.seq;
        if (page.length < pageSize) break;
      }
      if (!(await this.#revivedElsewhere(start !== undefined || pages.length > 1))) break;
      // A dead letter came back while this selection read, maybe behind what it read: read from the front.
      this.#forgetChosen();
      selector = newSelector();
    }
    let { batch, nextDueAt, heldByInFlight } = selector.result();
    if (start !== undefined && this.#sendingKeys.size > 0) heldByInFlight = true;
    let after: OpenRequest[] = [];
    if (batch.length === 0 && heldByInFlight) {
      // Everything due waits for a request in flight (a queue of few customers). Choose what follows it
      // now, while it travels, and send that the moment it is delivered.
      const follower = new BatchSelector(
        mode.ignoreBackoff ? Number.POSITIVE_INFINITY : now,
        { maxItems: this.#maxItems, maxBytes: this.#batch.maxBytes },
        { keys: this.#sendingKeys, orderingKeys: noKeys },
        this.#longestWaitMs,
      );
      for (const page of pages) follower.add(page);
      batch = follower.result().batch;
      after = this.#predecessorsOf(batch);
    }
    step.heldByInFlight = heldByInFlight;
    if (scanned === 0) {
      if (this.#sendingKeys.size === 0) this.#becomeIdle();
      return undefined;
    }
    if (batch.length === 0) {
      step.nextAt = nextDueAt;
      if (this.#failingSince === undefined && this.#sendingKeys.size === 0) this.#state = 'idle';
      return undefined;
    }
    const request = this.#open(batch, after);
    if (this.#chosenEpoch === epoch) this.#advanceChosenThrough(pages);
    return request;
  }

  /**
   * Whether dead letters were revived into the store since the last selection looked, where a selection
   * that read only part of the queue (`partial`: from `#chosenThrough`, or page by page) may have missed
   * them: a revived entry keeps its old `seq`, and in another process or tab nothing tells this client.
   * Read after the scan, so a revival that lands while the selection reads is caught too.
   */
  async #revivedElsewhere(partial: boolean): Promise<boolean> {
    const mark = (await this.#outbox.stats()).revivals;
    if (mark === undefined || mark === this.#revivalMark) return false;
    const known = this.#revivalMark !== undefined;
    this.#revivalMark = mark;
    if (!known) return false;
    // A whole front scan saw everything revived before it; one that lands just after it is read by the next
    // selection, which starts from the front again.
    if (!partial) this.#forgetChosen();
    return partial;
  }

  /** Makes the next selection read the queue from the front. */
  #forgetChosen(): void {
    this.#chosenThrough = undefined;
    this.#chosenEpoch += 1;
  }

  /**
   * Moves `#chosenThrough` past the entries at the front of what was just read that are all chosen for
   * requests, so the next selection starts reading behind them.
   */
  #advanceChosenThrough(pages: readonly OutboxEntry[][]): void {
    for (const page of pages) {
      for (const entry of page) {
        if (!this.#sendingKeys.has(entry.key)) return;
        this.#chosenThrough = entry.seq;
      }
    }
  }

  /** The open requests holding an ordering key of `batch`: it may travel only after each is delivered. */
  #predecessorsOf(batch: readonly OutboxEntry[]): OpenRequest[] {
    const found = new Set<OpenRequest>();
    for (const entry of batch) {
      for (const key of entry.orderingKeys) {
        const holder = this.#claims.get(key);
        if (holder !== undefined) found.add(holder);
      }
    }
    return [...found];
  }

  /** Marks a batch as chosen: its entries are not chosen again, and later entries of its keys follow it. */
  #open(batch: OutboxEntry[], after: OpenRequest[]): OpenRequest {
    let resolve: (outcome: RequestOutcome) => void = () => {};
    const outcome = new Promise<RequestOutcome>((settle) => {
      resolve = settle;
    });
    const request: OpenRequest = { batch, after, outcome, resolve, finished: false, followed: false, gone: false };
    for (const earlier of after) earlier.followed = true;
    this.#openRequests += 1;
    for (const entry of batch) {
      this.#sendingKeys.add(entry.key);
      for (const key of entry.orderingKeys) this.#claims.set(key, request);
    }
    return request;
  }

  /**
   * Tells the requests waiting on `request` whether it was delivered, and lets later entries of its keys
   * be chosen without waiting for it. Idempotent: the first outcome counts.
   */
  #finish(request: OpenRequest, outcome: RequestOutcome): void {
    if (request.finished) return;
    request.finished = true;
    this.#openRequests -= 1;
    for (const entry of request.batch) {
      for (const key of entry.orderingKeys) if (this.#claims.get(key) === request) this.#claims.delete(key);
    }
    request.resolve(outcome);
  }

  /**
   * Lets a request's entries be chosen again, or forgets them once they left the queue (`gone`), and wakes
   * the lanes waiting for a request to settle.
   */
  #releaseKeys(request: OpenRequest, gone: boolean): void {
    // Entries back in the queue may lie in the head that selection skips: read it again next time.
    if (!gone) this.#forgetChosen();
    for (const entry of request.batch) this.#sendingKeys.delete(entry.key);
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const wake of waiters) wake();
  }

  async #settle(
    request: OpenRequest,
    results: Awaited<ReturnType<Level0Port['sendTransactions']>>['results'],
    step: DrainStep,
    failuresAtSend: number,
  ): Promise<void> {
    const { batch } = request;
    const byKey = new Map(results.map((result) => [result.idempotencyKey, result]));
    const done: string[] = [];
    const dead: { key: string; deadAt: number; reason: DeadLetterReason }[] = [];
    const missing: OutboxEntry[] = [];
    let accepted = 0;
    let duplicates = 0;
    const now = this.#clock.now();
    for (const entry of batch) {
      const result = byKey.get(entry.key);
      if (result === undefined) missing.push(entry);
      else if (result.status === 'rejected') {
        dead.push({
          key: entry.key,
          deadAt: now,
          reason: {
            code: result.problem.code,
            message: result.problem.detail ?? result.problem.title ?? result.problem.code,
          },
        });
      } else {
        done.push(entry.key);
        if (result.status === 'accepted') accepted += 1;
        else duplicates += 1;
      }
    }
    if (missing.length === 0) {
      // Every entry has its answer: the batch waiting on this one may go. Its request is on its way before
      // the removal below takes the event loop.
      this.#finish(request, { delivered: true, error: undefined });
      if (request.followed) await new Promise<void>((resolve) => nextTask(resolve));
    }
    // Acknowledged entries leave the outbox only now: a crash before this line means a resend, which the
    // platform answers with `duplicate`. Never the other way round.
    if (done.length > 0) await this.#outbox.remove(done);
    if (dead.length > 0) await this.#outbox.deadLetter(dead);
    request.gone = missing.length === 0;
    for (const item of dead) {
      const entry = batch.find((candidate) => candidate.key === item.key);
      this.#logger.warn('the platform rejected a transaction; it is in the dead-letter list', {
        key: item.key,
        code: item.reason.code,
      });
      this.events.emit('dead-lettered', {
        key: item.key,
        transactionId: entry === undefined ? undefined : transactionIdOf(entry),
        reason: item.reason,
      });
    }
    step.delivered += done.length;
    step.deadLettered += dead.length;
    this.#deliveredTotal += done.length;
    this.#leftSinceDrained += done.length + dead.length;
    if (done.length > 0) this.events.emit('delivered', { count: done.length, keys: done, accepted, duplicates });
    this.#lastSuccessAt = now;
    this.#recovered(failuresAtSend);
    if (missing.length > 0) {
      await this.#onFailure(
        missing,
        new LoyaltyLinkError(
          'protocol_error',
          `The platform answered without a result for ${missing.length} transaction(s)`,
          {
            retryable: true,
          },
        ),
        step,
      );
    }
  }

  async #onFailure(batch: OutboxEntry[], error: LoyaltyLinkError, step: DrainStep): Promise<void> {
    const now = this.#clock.now();
    if (isAbortError(error) || (this.#closing && this.#stop.signal.aborted)) {
      // Closing: the batch simply stays stored.
      step.error = error;
      this.#state = 'idle';
      return;
    }
    const verdict = classifyFailure(error);
    if (verdict.kind === 'content') {
      // The platform answered (it refused what it was sent): it is reachable, whatever failed before.
      this.#platformAnswered();
      this.#lastError = error;
      if (batch.length > 1) {
        // Something in the batch upsets the platform as a whole (too large, invalid): split it until the
        // culprit travels alone, so one bad sale never holds the others back.
        this.#maxItems = Math.max(1, Math.ceil(batch.length / 2));
        this.#logger.warn('the platform refused a batch as a whole; splitting it', {
          code: error.code,
          size: batch.length,
        });
        step.sent = true;
        return;
      }
      const [entry] = batch;
      if (entry !== undefined) {
        const reason: DeadLetterReason = {
          code: error.code,
          message: error.message,
          status: isPlatformError(error) ? error.status : undefined,
        };
        await this.#outbox.deadLetter([{ key: entry.key, deadAt: now, reason }]);
        step.deadLettered += 1;
        this.events.emit('dead-lettered', { key: entry.key, transactionId: transactionIdOf(entry), reason });
        this.#leftSinceDrained += 1;
        this.#maxItems = this.#batch.maxItems;
      }
      return;
    }

    // Retryable, or blocked on something an operator must fix: keep everything, back off, retry forever.
    if (isProtocolError(error) && batch.length > 1) {
      // An answer the client could not read may be what the platform stored for this batch's key, and
      // replays on every resend. A smaller batch has another key, and leaves the garbled result alone.
      this.#maxItems = Math.max(1, Math.ceil(batch.length / 2));
    }
    const attempt = Math.max(...batch.map((entry) => entry.attempts)) + 1;
    const backoff = fullJitterBackoff(
      attempt - 1,
      { baseMs: this.#retry.baseMs, maxMs: this.#retry.maxMs },
      this.#random,
    );
    const asked = retryAfterOf(error);
    const retryAfter = asked === undefined ? 0 : Math.min(asked, this.#retry.maxRetryAfterMs);
    const delayMs = Math.max(backoff, retryAfter);
    const nextAttemptAt = now + delayMs;
    await this.#outbox.reschedule(
      batch.map((entry) => ({
        key: entry.key,
        attempts: entry.attempts + 1,
        nextAttemptAt,
        lastError: { code: error.code, message: error.message },
      })),
    );
    // The whole drain pauses, not just this batch: when the platform is down, hammering it with the rest of
    // the queue batch after batch helps nobody.
    this.#pausedUntil = nextAttemptAt;
    this.#failures += 1;
    this.#retries += batch.length;
    this.#lastError = error;
    this.#failingSince ??= now;
    this.#state = verdict.kind === 'offline' ? 'offline' : 'backing-off';
    step.error = error;
    step.nextAt = nextAttemptAt;
    this.events.emit('retrying', { count: batch.length, attempt, delayMs, error });
    this.#logger.warn('delivery failed; will retry', { code: error.code, attempt, delayMs, count: batch.length });
    if (verdict.kind === 'operator' || now - this.#failingSince >= this.#stallAfterMs) {
      this.#state = 'stalled';
      if (!this.#stalledReported) {
        this.#stalledReported = true;
        this.events.emit('stalled', { since: this.#failingSince, error });
        this.#logger.error('delivery is stalled', { code: error.code, since: this.#failingSince });
      }
    }
  }

  /** The platform answered: it is reachable, so no failure streak is running, nor any pause. */
  #platformAnswered(): void {
    this.#failingSince = undefined;
    this.#stalledReported = false;
    this.#pausedUntil = 0;
  }

  /**
   * A request was delivered. `failuresAtSend` is the failure count when it left: a failure since then is
   * another lane's, whose sales still wait for their retry, and it stands (state, error, pause).
   */
  #recovered(failuresAtSend: number): void {
    if (this.#failures !== failuresAtSend) return;
    this.#platformAnswered();
    this.#lastError = undefined;
    // After a split, grow back towards the configured batch size.
    this.#maxItems = Math.min(this.#batch.maxItems, this.#maxItems * 2);
  }

  #becomeIdle(): void {
    this.#state = 'idle';
    // Something left the queue since the last `drained`: delivered, or dead-lettered.
    if (this.#leftSinceDrained > 0) {
      this.#leftSinceDrained = 0;
      this.events.emit('drained', { deliveredTotal: this.#deliveredTotal });
    }
  }
}

/**
 * The idempotency key of a batch: a hash of its entries' keys, each with its place in the outbox (`seq`)
 * and, once replayed from the dead letters, its count of replays. The same batch resent after a crash or a
 * timeout keeps its key and gets the platform's stored answer. A batch the platform answered before under
 * the same item keys but is new to the outbox gets a key of its own, so it is processed, not answered from
 * the platform's store (kept 30 days): a sale rejected alone in its batch and replayed after a fix, a sale
 * discarded from the dead letters and recorded again, a sale recorded again after it was delivered (then
 * answered `duplicate`). Item keys have no whitespace, so the parts cannot run into each other.
 */
function batchKeyOf(batch: readonly OutboxEntry[]): string {
  return transactionBatchIdempotencyKey({
    items: batch.map((entry) => ({
      idempotencyKey:
        (entry.revivals ?? 0) > 0 ? `${entry.key} ${entry.seq} r${entry.revivals}` : `${entry.key} ${entry.seq}`,
    })),
  });
}

/** Whether a request was delivered in full (every entry accepted, a duplicate, or dead-lettered). */
interface RequestOutcome {
  delivered: boolean;
  /** Why not, when it failed. */
  error: LoyaltyLinkError | undefined;
}

/** A batch from the moment it is chosen until the platform's answer to it is known. */
interface OpenRequest {
  readonly batch: OutboxEntry[];
  /** Requests it must follow: it is sent once each of them is delivered. Emptied once that is known. */
  after: readonly OpenRequest[];
  readonly outcome: Promise<RequestOutcome>;
  readonly resolve: (outcome: RequestOutcome) => void;
  finished: boolean;
  /** Whether a later batch waits on it. */
  followed: boolean;
  /** Whether every entry left the queue (removed or dead-lettered). */
  gone: boolean;
}

const noKeys: ReadonlySet<string> = new Set();

interface DrainMode {
  /** Send entries waiting for a retry too (a flush). */
  ignoreBackoff: boolean;
  signal: AbortSignal | undefined;
}

interface DrainStep {
  sent: boolean;
  delivered: number;
  deadLettered: number;
  error: LoyaltyLinkError | undefined;
  nextAt: number | undefined;
  /** Entries were passed over because they, or entries they must follow, are in a request in flight. */
  heldByInFlight: boolean;
  /** The selection was made while another request was in flight. */
  concurrent: boolean;
}

function emptyStep(): DrainStep {
  return {
    sent: false,
    delivered: 0,
    deadLettered: 0,
    error: undefined,
    nextAt: undefined,
    heldByInFlight: false,
    concurrent: false,
  };
}

/**
 * A signal that aborts when either `a` or `b` does, and `release` to detach it from them. With listeners
 * rather than `AbortSignal.any`, which older browsers and Electron versions lack.
 */
function eitherSignal(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onA = (): void => controller.abort(a.reason);
  const onB = (): void => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener('abort', onA, { once: true });
  b.addEventListener('abort', onB, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

/**
 * How long the platform asked to be left alone: from its answer, or from the answer behind a send that ran
 * out of time because that wait would not fit in the send's deadline.
 */
function retryAfterOf(error: LoyaltyLinkError): number | undefined {
  if (isPlatformError(error)) return error.retryAfterMs;
  const { cause } = error as { cause?: unknown };
  return isPlatformError(cause) ? cause.retryAfterMs : undefined;
}

function transactionIdOf(entry: OutboxEntry): string | undefined {
  try {
    const parsed = JSON.parse(entry.payload) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

function toLoyaltyLinkError(error: unknown): LoyaltyLinkError {
  if (isLoyaltyLinkError(error)) return error;
  return new LoyaltyLinkError('internal_error', error instanceof Error ? error.message : String(error), {
    cause: error,
    retryable: true,
  });
}
