import {
  CustomerLookupRequestSchema,
  HoldCommitRequestSchema,
  HoldRequestSchema,
  ProductSyncRequestSchema,
  RedemptionQuoteRequestSchema,
  type ValidationIssue,
} from '@loyalty-link/core';
import type { EngineResult } from '../engine/engine-result';
import { ledgerPageLimits } from '../engine/ledger-page';
import type { Platform } from '../engine/platform';
import { jsonAnswer, problemAnswer, validationAnswer } from './answers';
import { validateBatchEnvelope } from './batch-envelope';
import type { HttpAnswer } from './platform-request';
import { intParam, listParam, positionParam } from './query';
import { type SafeParser, validateWith } from './validate';

/** A routed request: the platform, the path parameters, the query and the parsed JSON body. */
export interface RouteRequest {
  platform: Platform;
  params: readonly string[];
  query: URLSearchParams;
  body: unknown;
  requestId: string;
}

/** One endpoint of protocol v1. */
export interface Route {
  method: 'GET' | 'POST';
  /** Matches the raw (still percent-encoded) path; groups are the parameters. */
  pattern: RegExp;
  /** Whether an empty POST body is read as `{}` (a release needs no body). */
  emptyBodyOk?: boolean;
  handle(request: RouteRequest): HttpAnswer;
}

const EVENTS_DEFAULT_LIMIT = 100;
const EVENTS_MAX_LIMIT = 500;

function answer<T>(result: EngineResult<T>, requestId: string, status = 200): HttpAnswer {
  if (result.ok) return jsonAnswer(status, result.value, requestId);
  return problemAnswer(result.status, result.code, result.detail, requestId, { errors: result.errors });
}

/** Validates the body with a core schema, then hands the value on; 422 with every issue otherwise. */
function withBody<T>(schema: SafeParser<T>, then: (value: T, request: RouteRequest) => HttpAnswer) {
  return (request: RouteRequest): HttpAnswer => {
    const validated = validateWith(schema, request.body);
    return validated.ok ? then(validated.value, request) : validationAnswer(validated.issues, request.requestId);
  };
}

const customerNotFound = (requestId: string): HttpAnswer =>
  problemAnswer(404, 'customer_not_found', 'No customer matches this reference.', requestId);

const param = (request: RouteRequest): string => request.params[0] ?? '';

/** Every endpoint of protocol v1, levels 0 to 2. */
export const routes: readonly Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/transactions:batch$/,
    handle(request) {
      const envelope = validateBatchEnvelope(request.body);
      if (!envelope.ok) return validationAnswer(envelope.issues, request.requestId);
      return jsonAnswer(200, { results: request.platform.engine.recordBatch(envelope.value) }, request.requestId);
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/products:sync$/,
    handle: withBody(ProductSyncRequestSchema, (sync, request) =>
      jsonAnswer(200, { results: request.platform.engine.syncProducts(sync) }, request.requestId),
    ),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/customers:lookup$/,
    handle: withBody(CustomerLookupRequestSchema, ({ ref }, request) => {
      const customer = request.platform.engine.findCustomer(ref);
      return customer === undefined
        ? customerNotFound(request.requestId)
        : jsonAnswer(200, { customer }, request.requestId);
    }),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/:]+)$/,
    handle(request) {
      const customer = request.platform.engine.customer(param(request));
      return customer === undefined
        ? customerNotFound(request.requestId)
        : jsonAnswer(200, customer, request.requestId);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/:]+)\/balance$/,
    handle(request) {
      const balance = request.platform.engine.balance(param(request));
      return balance === undefined ? customerNotFound(request.requestId) : jsonAnswer(200, balance, request.requestId);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/:]+)\/ledger$/,
    handle(request) {
      const limit = intParam(request.query, 'limit', ledgerPageLimits.defaultLimit, 1, ledgerPageLimits.maxLimit);
      if (!limit.ok) return validationAnswer([limit.issue], request.requestId);
      const cursor = request.query.get('cursor') ?? undefined;
      return answer(request.platform.engine.ledgerPage(param(request), limit.value, cursor), request.requestId);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/program$/,
    handle: (request) => jsonAnswer(200, request.platform.program, request.requestId),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/redemptions:quote$/,
    handle: withBody(RedemptionQuoteRequestSchema, (quote, request) =>
      answer(request.platform.engine.quote(quote), request.requestId),
    ),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/holds$/,
    handle: withBody(HoldRequestSchema, (hold, request) =>
      answer(request.platform.engine.reserveHold(hold), request.requestId, 201),
    ),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/holds\/([^/:]+)$/,
    handle(request) {
      const hold = request.platform.engine.hold(param(request));
      return hold === undefined
        ? problemAnswer(404, 'hold_not_found', 'No hold has this id.', request.requestId)
        : jsonAnswer(200, hold, request.requestId);
    },
  },
  {
    method: 'POST',
    pattern: /^\/v1\/holds\/([^/:]+):release$/,
    emptyBodyOk: true,
    handle: (request) => answer(request.platform.engine.releaseHold(param(request)), request.requestId),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/holds\/([^/:]+):commit$/,
    handle: withBody(HoldCommitRequestSchema, ({ transactionId }, request) =>
      answer(request.platform.engine.commitHold(param(request), transactionId), request.requestId),
    ),
  },
  {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    handle(request) {
      const { query } = request;
      const after = positionParam(query, 'after');
      const limit = intParam(query, 'limit', EVENTS_DEFAULT_LIMIT, 1, EVENTS_MAX_LIMIT);
      const issues: ValidationIssue[] = [];
      if (!after.ok) issues.push(after.issue);
      if (!limit.ok) issues.push(limit.issue);
      if (!after.ok || !limit.ok) return validationAnswer(issues, request.requestId);
      const read = request.platform.events.readAfter(
        after.value,
        {
          storeId: query.get('storeId') ?? '',
          registerId: query.get('registerId') ?? '',
          customerIds: new Set(listParam(query, 'customerIds')),
        },
        limit.value,
      );
      // A page cut short by `limit` continues from its last event, not from the log's head.
      const last = read.events.at(-1);
      const head =
        read.events.length === limit.value && last !== undefined ? { epoch: last.epoch, seq: last.seq } : read.head;
      return jsonAnswer(200, { events: read.events, head, resync: read.resync !== undefined }, request.requestId);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/live$/,
    handle: (request) =>
      problemAnswer(
        426,
        'upgrade_required',
        'The live link is a WebSocket: open it with an upgrade.',
        request.requestId,
        {
          headers: { upgrade: 'websocket' },
        },
      ),
  },
];

/** The route for a method and raw path, or why none fits (`not_found`, or `method_not_allowed` with what is allowed). */
export function findRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | { miss: 'not_found' } | { miss: 'method_not_allowed'; allow: string[] } {
  const allow: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    try {
      return { route, params: match.slice(1).map((segment) => decodeURIComponent(segment)) };
    } catch {
      // A malformed percent-encoding names no resource.
      return { miss: 'not_found' };
    }
  }
  return allow.length > 0 ? { miss: 'method_not_allowed', allow } : { miss: 'not_found' };
}
