import {
  type Balance,
  BalanceSchema,
  type HelloFrame,
  PROTOCOL_VERSION,
  paths,
  type TransactionBatchResponse,
  TransactionBatchResponseSchema,
  type TransactionInput,
  type TransactionItemResult,
  transactionIdempotencyKey,
  type WelcomeFrame,
} from '@loyalty-link/core';
import { ensure, ensureShape, ensureStatus } from './assert';
import type { ConformanceFixtures, ConformanceLevel } from './conformance-types';
import type { HttpProbe } from './http-probe';
import { LiveProbe } from './live-probe';
import type { WebSocketLikeConstructor } from './websocket-like';

/** Everything a check may use: the server, the fixtures, and helpers that speak the protocol plainly. */
export interface CheckContext {
  readonly http: HttpProbe;
  readonly fixtures: Required<ConformanceFixtures>;
  readonly apiKey: string;
  /** How long one wait may take, in ms. */
  readonly timeoutMs: number;
  /** How long the server waits for `hello`, in ms. */
  readonly helloTimeoutMs: number;
  /** A transaction id unique to this run (≤ 64 printable characters). */
  transactionId(): string;
  /** A sale of one line at `amount` minor units, to the fixture customer unless `anonymous`. */
  sale(options?: { amount?: number; anonymous?: boolean }): TransactionInput;
  /** The full return of `sale`. */
  returnOf(sale: TransactionInput): TransactionInput;
  /** The batch item of a transaction, keyed as the SDK keys it. */
  item(transaction: TransactionInput): { idempotencyKey: string; transaction: TransactionInput };
  /** Sends transactions in one batch and returns the per-item results (checking the response's shape). */
  record(...transactions: TransactionInput[]): Promise<TransactionItemResult[]>;
  /** The fixture customer's balance now (shape checked). */
  balance(): Promise<Balance>;
  /** Opens a live connection (no frame sent yet). */
  open(): Promise<LiveProbe>;
  /** A valid `hello` for the fixture register, with `extra` fields. */
  hello(extra?: Partial<HelloFrame>): HelloFrame;
  /** Opens a live connection and says `hello`; resolves with the probe and the `welcome`. */
  connect(extra?: Partial<HelloFrame>): Promise<{ probe: LiveProbe; welcome: WelcomeFrame }>;
  /** Closes every live connection the check opened (called after each check). */
  closeAll(): void;
}

/** One conformance check. */
export interface ConformanceCheck {
  /** What it checks, as a sentence. */
  name: string;
  /** The protocol level it belongs to. */
  level: ConformanceLevel;
  /** Throws a `ConformanceFailure` (or any error) when the server breaks the protocol. */
  run(context: CheckContext): Promise<void>;
  /** Whether it waits for the server's hello timeout, so it gets that much more time. */
  waitsForHelloTimeout?: boolean;
}

/** What {@link createCheckContext} needs. */
export interface CheckContextOptions {
  http: HttpProbe;
  fixtures: Required<ConformanceFixtures>;
  apiKey: string;
  wsUrl: string;
  WebSocket: WebSocketLikeConstructor | undefined;
  timeoutMs: number;
  helloTimeoutMs: number;
  runId: string;
}

/** Creates the {@link CheckContext} of one check. */
export function createCheckContext(options: CheckContextOptions): CheckContext {
  const { http, fixtures, runId } = options;
  const probes: LiveProbe[] = [];
  let transactions = 0;
  const money = (amount: number) => ({ amount, currency: fixtures.currency });

  const context: CheckContext = {
    http,
    fixtures,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    helloTimeoutMs: options.helloTimeoutMs,
    transactionId: () => `cf-${runId}-${++transactions}`,
    sale({ amount = fixtures.saleAmount, anonymous = false } = {}) {
      return {
        id: context.transactionId(),
        kind: 'sale',
        storeId: fixtures.storeId,
        registerId: fixtures.registerId,
        occurredAt: new Date().toISOString(),
        currency: fixtures.currency,
        ...(anonymous ? {} : { customer: { type: 'loyalty_id' as const, value: fixtures.customer.loyaltyId } }),
        lines: [
          {
            lineId: '1',
            sku: 'CONFORMANCE-1',
            name: 'Conformance check item',
            quantity: 1,
            unitPrice: money(amount),
            total: money(amount),
          },
        ],
        payments: [{ method: 'card', amount: money(amount) }],
        totals: { gross: money(amount), discounts: money(0), net: money(amount) },
      };
    },
    returnOf(sale) {
      return {
        ...sale,
        id: context.transactionId(),
        kind: 'return',
        occurredAt: new Date().toISOString(),
        originalTransactionId: sale.id,
      };
    },
    item(transaction) {
      const { storeId, registerId, kind, id } = transaction;
      return { idempotencyKey: transactionIdempotencyKey({ storeId, registerId, kind, id }), transaction };
    },
    async record(...batch) {
      const response = await http.request('POST', paths.transactionsBatch, {
        body: { items: batch.map((transaction) => context.item(transaction)) },
      });
      ensureStatus(response, 200, 'POST /v1/transactions:batch');
      const body: TransactionBatchResponse = ensureShape(
        TransactionBatchResponseSchema,
        response.json,
        'the batch response',
      );
      ensure(
        body.results.length === batch.length,
        `the batch response has ${body.results.length} results for ${batch.length} items`,
      );
      return body.results;
    },
    async balance() {
      const response = await http.request('GET', paths.balance(fixtures.customer.loyaltyId));
      ensureStatus(response, 200, 'GET balance');
      return ensureShape(BalanceSchema, response.json, 'the balance');
    },
    async open() {
      ensure(options.WebSocket !== undefined, 'no WebSocket class: pass one in the options (in Node 20, `ws`)');
      const probe = await LiveProbe.open(options.WebSocket, options.wsUrl, options.timeoutMs);
      probes.push(probe);
      return probe;
    },
    hello(extra = {}) {
      return {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        token: options.apiKey,
        storeId: fixtures.storeId,
        registerId: fixtures.registerId,
        ...extra,
      };
    },
    async connect(extra = {}) {
      const probe = await context.open();
      probe.send(context.hello(extra));
      const welcome = await probe.nextFrame('welcome', options.timeoutMs);
      return { probe, welcome };
    },
    closeAll() {
      for (const probe of probes.splice(0)) probe.close();
    },
  };
  return context;
}
