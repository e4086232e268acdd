import * as z from 'zod/mini';
import { redactProblem } from '../errors/platform-error';
import { ProtocolError } from '../errors/protocol-error';
import { ValidationError } from '../errors/validation-error';
import type {
  Capabilities,
  Level0Operation,
  Level0Port,
  Level1Operation,
  Level1Port,
  Level2Port,
  RequestOptions,
  SerializedTransaction,
} from '../ports/ports';
import { BalanceSchema } from '../schemas/balance';
import { CustomerSchema } from '../schemas/customer';
import { HoldSchema } from '../schemas/hold';
import { LedgerPageSchema } from '../schemas/ledger';
import { parseWire } from '../schemas/parse';
import { ProgramSchema } from '../schemas/program';
import { RedemptionQuoteResultSchema } from '../schemas/redemption';
import { createHttpTransport } from '../transport/http-transport';
import type { HttpTransportOptions } from '../transport/options';
import { randomUuid } from '../transport/random-uuid';
import type { HttpTransport, TransportRequest, TransportResponse } from '../transport/types';
import { paths } from './constants';
import {
  IdempotencyKeySchema,
  ProductSyncResponseSchema,
  type TransactionBatchResponse,
  TransactionBatchResponseSchema,
  type TransactionItemResult,
  TransactionItemResultSchema,
} from './level0';
import { CustomerLookupResponseSchema } from './level1';
import { EventsPageSchema } from './live';
import {
  holdActionIdempotencyKey,
  productSyncIdempotencyKey,
  transactionBatchIdempotencyKey,
} from './protocol-port-keys';

/** How to build a {@link ProtocolPort}: the transport's options, or a transport already made. */
export type ProtocolPortOptions = HttpTransportOptions | { transport: HttpTransport };

/** The operations the protocol port provides: levels 0 and 1, and the polling half of level 2. */
export type ProtocolPortOperation = Level0Operation | Level1Operation | 'pollEvents';

/** The default port: Loyalty Link protocol v1 over HTTP, levels 0 and 1 plus event polling. */
export interface ProtocolPort extends Level1Port, Pick<Level2Port, 'pollEvents'> {
  /** Every operation is `native`: the protocol defines them all. */
  readonly capabilities: Capabilities<ProtocolPortOperation>;
  /** Sends stored transactions as the JSON text they are (see {@link Level0Port.sendSerializedTransactions}). */
  sendSerializedTransactions(
    items: readonly SerializedTransaction[],
    options?: RequestOptions,
  ): Promise<TransactionBatchResponse>;
}

/** The capabilities of {@link ProtocolPort}: all native. */
export const protocolPortCapabilities: Capabilities<ProtocolPortOperation> = Object.freeze({
  sendTransactions: 'native',
  syncProducts: 'native',
  lookupCustomer: 'native',
  getCustomer: 'native',
  getBalance: 'native',
  getLedger: 'native',
  getProgram: 'native',
  quoteRedemption: 'native',
  reserveHold: 'native',
  getHold: 'native',
  releaseHold: 'native',
  commitHold: 'native',
  pollEvents: 'native',
});

/**
 * How messages and logs name the paths that hold a customer id: the id may be a phone number or an email
 * address, written in a way the redactor does not recognise (`31612345678`).
 */
const customerRoutes = {
  customer: '/v1/customers/{customerId}',
  balance: '/v1/customers/{customerId}/balance',
  ledger: '/v1/customers/{customerId}/ledger',
} as const;

type CallShape<S extends z.ZodMiniType> = Omit<TransportRequest<S>, 'signal' | 'deadlineMs' | 'attemptTimeoutMs'>;

function requireId(value: string, name: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(name, [{ path: [name], code: 'required', message: 'is required' }]);
  }
  // URLs resolve `.` and `..` as path segments, escaped or not: the request would reach another resource.
  if (value === '.' || value === '..') {
    throw new ValidationError(name, [{ path: [name], code: 'invalid_format', message: 'cannot be "." or ".."' }]);
  }
}

/** One result per item sent, in order, is what lets the caller match results to items; check it. */
function checkResultCount(
  response: TransportResponse<{ results: readonly unknown[] }>,
  expected: number,
  subject: string,
): void {
  const got = response.data.results.length;
  if (got === expected) return;
  throw new ProtocolError(
    'response',
    subject,
    [
      {
        path: ['results'],
        code: 'length_mismatch',
        message: `must hold ${expected} results, one per item sent (got ${got})`,
      },
    ],
    { requestId: response.requestId },
  );
}

/** A batch answer's envelope: its results are read one by one (see `readBatchAnswer`). */
const BatchAnswerSchema = z.object({ results: z.array(z.unknown()) });

/** Whether `value` says `rejected` for a key, whatever else is wrong with it. */
function isRejectionOf(value: unknown): value is { status: 'rejected'; idempotencyKey: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { status, idempotencyKey } = value as { status?: unknown; idempotencyKey?: unknown };
  return status === 'rejected' && IdempotencyKeySchema.safeParse(idempotencyKey).success;
}

/**
 * Reads a transaction batch answer result by result:
 * - a rejection's problem is scrubbed of personal data, like the problem of an error response: it ends up
 *   in dead letters, events and logs;
 * - a rejection whose problem cannot be read is still a rejection (code `unreadable_problem`). Refusing
 *   the whole answer would leave it unanswered forever: the resent batch has the same key, and the
 *   platform answers it with the same stored answer;
 * - any other result that breaks the schema fails the answer with the schema's issues.
 */
function readBatchAnswer(data: { results: unknown[] }, requestId: string | undefined): TransactionBatchResponse {
  const results: TransactionItemResult[] = [];
  for (const raw of data.results) {
    const parsed = TransactionItemResultSchema.safeParse(raw);
    if (parsed.success) {
      const result = parsed.data;
      results.push(result.status === 'rejected' ? { ...result, problem: redactProblem(result.problem) } : result);
    } else if (isRejectionOf(raw)) {
      results.push({
        status: 'rejected',
        idempotencyKey: raw.idempotencyKey,
        problem: {
          code: 'unreadable_problem',
          title: 'The platform rejected the transaction with a problem document that could not be read',
        },
      });
    } else {
      return parseWire(TransactionBatchResponseSchema, data, 'transaction batch', 'response', requestId);
    }
  }
  return { results };
}

/**
 * Creates the port that speaks Loyalty Link protocol v1 (docs/protocol.md) over the HTTP transport.
 *
 * Idempotency keys: a transaction batch and a product chunk carry a key derived from their content, so the
 * same batch resent after a crash is recognised; hold release and commit carry a key derived from the hold;
 * a lookup and a quote (reads sent as `POST`) get a random key per call and are retried like reads;
 * a reserve must be given its key by the caller. A key in the call's options always wins.
 *
 * Inputs are not validated again here: the client validated transactions when it recorded them, and the
 * platform validates everything it receives.
 *
 * @example
 * ```ts
 * const port = createProtocolPort({ baseUrl: 'https://loyalty.example.com', apiKey });
 * const balance = await port.getBalance(customer.id, { deadlineMs: 3_000 });
 * ```
 */
export function createProtocolPort(options: ProtocolPortOptions): ProtocolPort {
  const transport = 'transport' in options ? options.transport : createHttpTransport(options);

  function send<S extends z.ZodMiniType>(
    call: CallShape<S>,
    callOptions: RequestOptions | undefined,
  ): Promise<TransportResponse<z.infer<S>>> {
    return transport.request({
      ...call,
      signal: callOptions?.signal,
      deadlineMs: callOptions?.deadlineMs,
      attemptTimeoutMs: callOptions?.attemptTimeoutMs,
    });
  }

  async function read<S extends z.ZodMiniType>(
    path: string,
    schema: S,
    subject: string,
    callOptions: RequestOptions | undefined,
    route?: string,
  ): Promise<z.infer<S>> {
    return (await send({ method: 'GET', path, route, schema, subject }, callOptions)).data;
  }

  /**
   * A POST: it always carries an idempotency key (the caller's, or `defaultKey()`), so every one of them
   * can be retried safely.
   */
  function post<S extends z.ZodMiniType>(
    call: { path: string; body?: unknown; bodyJson?: string; defaultKey: () => string; schema: S; subject: string },
    callOptions: RequestOptions | undefined,
  ): Promise<TransportResponse<z.infer<S>>> {
    return send(
      {
        method: 'POST',
        path: call.path,
        ...(call.body === undefined ? {} : { body: call.body }),
        ...(call.bodyJson === undefined ? {} : { bodyJson: call.bodyJson }),
        idempotencyKey: callOptions?.idempotencyKey ?? call.defaultKey(),
        retry: true,
        schema: call.schema,
        subject: call.subject,
      },
      callOptions,
    );
  }

  /** A transaction batch, as a body or as JSON text: its key depends on the item keys only. */
  async function sendBatch(
    body: { body: unknown } | { bodyJson: string },
    items: readonly { idempotencyKey: string }[],
    callOptions: RequestOptions | undefined,
  ): Promise<TransactionBatchResponse> {
    const response = await post(
      {
        path: paths.transactionsBatch,
        ...body,
        defaultKey: () => transactionBatchIdempotencyKey({ items }),
        schema: BatchAnswerSchema,
        subject: 'transaction batch',
      },
      callOptions,
    );
    checkResultCount(response, items.length, 'transaction batch response');
    return readBatchAnswer(response.data, response.requestId);
  }

  return {
    platform: 'loyalty-link-v1',
    capabilities: protocolPortCapabilities,

    sendTransactions(request, callOptions) {
      return sendBatch({ body: request }, request.items, callOptions);
    },

    sendSerializedTransactions(items, callOptions) {
      // The transactions are JSON text already (validated when recorded): spliced into the body as they
      // are, never parsed and re-serialised.
      let bodyJson = '{"items":[';
      for (let index = 0; index < items.length; index++) {
        const item = items[index] as SerializedTransaction;
        bodyJson += `${index === 0 ? '' : ','}{"idempotencyKey":${JSON.stringify(item.idempotencyKey)},"transaction":${item.json}}`;
      }
      bodyJson += ']}';
      return sendBatch({ bodyJson }, items, callOptions);
    },

    async syncProducts(request, callOptions) {
      const response = await post(
        {
          path: paths.productsSync,
          body: request,
          defaultKey: () => productSyncIdempotencyKey(request),
          schema: ProductSyncResponseSchema,
          subject: 'product sync',
        },
        callOptions,
      );
      checkResultCount(response, request.upserts.length + request.removals.length, 'product sync response');
      // A product's rejection reaches sync reports and logs: scrubbed like a transaction's (see readBatchAnswer).
      return {
        results: response.data.results.map((result) =>
          result.problem === undefined ? result : { ...result, problem: redactProblem(result.problem) },
        ),
      };
    },

    async lookupCustomer(request, callOptions) {
      const response = await post(
        {
          path: paths.customerLookup,
          body: request,
          defaultKey: () => randomUuid(),
          schema: CustomerLookupResponseSchema,
          subject: 'customer lookup',
        },
        callOptions,
      );
      return response.data.customer;
    },

    async getCustomer(customerId, callOptions) {
      requireId(customerId, 'customerId');
      return read(paths.customer(customerId), CustomerSchema, 'customer', callOptions, customerRoutes.customer);
    },

    async getBalance(customerId, callOptions) {
      requireId(customerId, 'customerId');
      return read(paths.balance(customerId), BalanceSchema, 'balance', callOptions, customerRoutes.balance);
    },
    async getLedger(customerId, page, callOptions) {
      requireId(customerId, 'customerId');
      const response = await send(
        {
          method: 'GET',
          path: paths.ledger(customerId),
          route: customerRoutes.ledger,
          query: { limit: page?.limit, cursor: page?.cursor },
          schema: LedgerPageSchema,
          subject: 'ledger page',
        },
        callOptions,
      );
      return response.data;
    },

    async getProgram(callOptions) {
      return read(paths.program, ProgramSchema, 'program', callOptions);
    },

    async quoteRedemption(request, callOptions) {
      const response = await post(
        {
          path: paths.redemptionQuote,
          body: request,
          defaultKey: () => randomUuid(),
          schema: RedemptionQuoteResultSchema,
          subject: 'redemption quote',
        },
        callOptions,
      );
      return response.data;
    },

    async reserveHold(request, callOptions) {
      const idempotencyKey = callOptions?.idempotencyKey;
      if (idempotencyKey === undefined || idempotencyKey === '') {
        throw new ValidationError('hold reservation', [
          {
            path: ['idempotencyKey'],
            code: 'required',
            message: 'is required: keep the same key for every retry of one reserve, so it never holds twice',
          },
        ]);
      }
      const response = await post(
        { path: paths.holds, body: request, defaultKey: () => idempotencyKey, schema: HoldSchema, subject: 'hold' },
        callOptions,
      );
      return response.data;
    },

    async getHold(holdId, callOptions) {
      requireId(holdId, 'holdId');
      return read(paths.hold(holdId), HoldSchema, 'hold', callOptions);
    },

    async releaseHold(holdId, callOptions) {
      requireId(holdId, 'holdId');
      const response = await post(
        {
          path: paths.holdRelease(holdId),
          defaultKey: () => holdActionIdempotencyKey('release', holdId),
          schema: HoldSchema,
          subject: 'hold release',
        },
        callOptions,
      );
      return response.data;
    },

    async commitHold(holdId, request, callOptions) {
      requireId(holdId, 'holdId');
      const response = await post(
        {
          path: paths.holdCommit(holdId),
          body: request,
          defaultKey: () => holdActionIdempotencyKey('commit', holdId, request.transactionId),
          schema: HoldSchema,
          subject: 'hold commit',
        },
        callOptions,
      );
      return response.data;
    },

    async pollEvents(request, callOptions) {
      const after = request.after === undefined ? undefined : `${request.after.epoch}:${request.after.seq}`;
      const customerIds = request.customerIds.length === 0 ? undefined : request.customerIds.join(',');
      const response = await send(
        {
          method: 'GET',
          path: paths.events,
          query: { after, customerIds, storeId: request.storeId, registerId: request.registerId, limit: request.limit },
          schema: EventsPageSchema,
          subject: 'events',
        },
        callOptions,
      );
      return response.data;
    },
  };
}
