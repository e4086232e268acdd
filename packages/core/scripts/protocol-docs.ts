// Generates docs/protocol/openapi.json (OpenAPI 3.1) and docs/protocol/asyncapi.json (AsyncAPI 3.0) from
// the zod schemas, which stay the single source of truth. Run `pnpm protocol:generate`; a test fails when
// the checked-in files are stale.
import { writeFileSync } from 'node:fs';
import * as z from 'zod/mini';
import {
  BalanceSchema,
  CartSchema,
  ClientFrameSchema,
  CustomerLookupRequestSchema,
  CustomerLookupResponseSchema,
  CustomerRefSchema,
  CustomerSchema,
  EarnRuleSchema,
  ErrorFrameSchema,
  EventFrameSchema,
  EventsPageSchema,
  HelloFrameSchema,
  HoldCommitRequestSchema,
  HoldRequestSchema,
  HoldSchema,
  LedgerEntrySchema,
  LedgerPageSchema,
  LiveEventSchema,
  limits,
  MoneySchema,
  NonNegativeMoneySchema,
  PingFrameSchema,
  PongFrameSchema,
  PROTOCOL_VERSION,
  PresenceFrameSchema,
  ProblemSchema,
  ProductSchema,
  ProductSyncRequestSchema,
  ProductSyncResponseSchema,
  ProgramSchema,
  RedemptionQuoteRequestSchema,
  RedemptionQuoteResultSchema,
  RedemptionRequestSchema,
  ResyncFrameSchema,
  RewardSchema,
  ServerFrameSchema,
  SubscribeFrameSchema,
  TierSchema,
  TimestampSchema,
  TimeWindowSchema,
  TransactionBatchRequestSchema,
  TransactionBatchResponseSchema,
  TransactionLineSchema,
  TransactionSchema,
  UnsubscribeFrameSchema,
  WelcomeFrameSchema,
} from '../src/index';

type JsonObject = Record<string, unknown>;

/** Components of one direction: requests are described as a client may write them, responses as sent. */
function components(
  schemas: Record<string, z.ZodMiniType>,
  io: 'input' | 'output',
  rename: (id: string) => string = (id) => id,
): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id: rename(id) });
  const generated = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

// Types that appear in many places get a name of their own, so the documents reference them once.
const sharedSchemas = {
  Money: MoneySchema,
  NonNegativeMoney: NonNegativeMoneySchema,
  Timestamp: TimestampSchema,
  CustomerRef: CustomerRefSchema,
  Reward: RewardSchema,
};

const requestSchemas = {
  ...sharedSchemas,
  Transaction: TransactionSchema,
  TransactionLine: TransactionLineSchema,
  Product: ProductSchema,
  Cart: CartSchema,
  RedemptionRequest: RedemptionRequestSchema,
  TransactionBatchRequest: TransactionBatchRequestSchema,
  ProductSyncRequest: ProductSyncRequestSchema,
  CustomerLookupRequest: CustomerLookupRequestSchema,
  RedemptionQuoteRequest: RedemptionQuoteRequestSchema,
  HoldRequest: HoldRequestSchema,
  HoldCommitRequest: HoldCommitRequestSchema,
};

const responseSchemas = {
  ...sharedSchemas,
  Tier: TierSchema,
  EarnRule: EarnRuleSchema,
  TimeWindow: TimeWindowSchema,
  LedgerEntry: LedgerEntrySchema,
  LiveEvent: LiveEventSchema,
  TransactionBatchResponse: TransactionBatchResponseSchema,
  ProductSyncResponse: ProductSyncResponseSchema,
  CustomerLookupResponse: CustomerLookupResponseSchema,
  Customer: CustomerSchema,
  Balance: BalanceSchema,
  LedgerPage: LedgerPageSchema,
  Program: ProgramSchema,
  RedemptionQuoteResult: RedemptionQuoteResultSchema,
  Hold: HoldSchema,
  EventsPage: EventsPageSchema,
  Problem: ProblemSchema,
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string) => ({ 'application/json': { schema: ref(id) } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const commonErrors = {
  '401': problem('`unauthorized` or `invalid_signature`'),
  '429': problem('`rate_limited`; honour `Retry-After`'),
  '500': problem('`internal`; retry'),
  '503': problem('`unavailable`; honour `Retry-After`'),
};
const postErrors = {
  '400': problem('`malformed_json` or `idempotency_key_required`'),
  '409': problem('`idempotency_conflict` or `idempotency_in_progress`'),
  '413': problem('`payload_too_large`'),
  '415': problem('`unsupported_media_type`'),
  '422': problem('`validation_failed`, with field `errors` and their paths'),
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'Kept for at least 30 days. Same key and body: the stored response. Same key, other body: 409.',
  schema: { type: 'string', minLength: 1, maxLength: limits.maxIdempotencyKeyLength },
};
const signature = {
  name: 'Loyalty-Link-Signature',
  in: 'header',
  required: false,
  description:
    '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, when the platform requires signatures.',
  schema: { type: 'string' },
};
const pathId = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

interface Endpoint {
  summary: string;
  description?: string;
  request?: string;
  response: string;
  status?: string;
  parameters?: JsonObject[];
  errors?: Record<string, JsonObject>;
}

function post(endpoint: Endpoint): JsonObject {
  return operation(endpoint, [idempotencyKey, signature, ...(endpoint.parameters ?? [])], postErrors);
}

function get(endpoint: Endpoint): JsonObject {
  return operation(endpoint, endpoint.parameters ?? [], {});
}

function operation(endpoint: Endpoint, parameters: JsonObject[], errors: Record<string, JsonObject>): JsonObject {
  return {
    summary: endpoint.summary,
    ...(endpoint.description === undefined ? {} : { description: endpoint.description }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(endpoint.request === undefined ? {} : { requestBody: { required: true, content: json(endpoint.request) } }),
    responses: {
      [endpoint.status ?? '200']: { description: 'Success', content: json(endpoint.response) },
      ...errors,
      ...(endpoint.errors ?? {}),
      ...commonErrors,
    },
  };
}

/** The OpenAPI 3.1 document of protocol v1's HTTP endpoints. */
export function buildOpenApi(): JsonObject {
  const responses = components(responseSchemas, 'output');
  // A type used both ways is described once. Where the directions differ (a response never carries unknown
  // keys; a request may leave out lists that have defaults), the request side gets its own `…Input` name.
  const firstPass = components(requestSchemas, 'input');
  const differs = new Set(
    Object.keys(firstPass).filter(
      (id) => responses[id] !== undefined && JSON.stringify(responses[id]) !== JSON.stringify(firstPass[id]),
    ),
  );
  const requests = components(requestSchemas, 'input', (id) => (differs.has(id) ? `${id}Input` : id));
  const schemas: Record<string, JsonObject> = { ...responses, ...requests };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Loyalty Link protocol',
      version: String(PROTOCOL_VERSION),
      description: 'Generated from the Loyalty Link zod schemas. The prose is docs/protocol.md.',
    },
    servers: [{ url: 'https://platform.example.com' }],
    security: [{ bearer: [] }],
    paths: {
      '/v1/transactions:batch': {
        post: post({
          summary: 'Record sales, returns and voids',
          description: 'Items are applied in order; each gets accepted, duplicate or rejected.',
          request: 'TransactionBatchRequest',
          response: 'TransactionBatchResponse',
        }),
      },
      '/v1/products:sync': {
        post: post({
          summary: 'Synchronise catalog products',
          request: 'ProductSyncRequest',
          response: 'ProductSyncResponse',
        }),
      },
      '/v1/customers:lookup': {
        post: post({
          summary: 'Find a customer by loyalty id, card, phone, email or external id',
          description: 'A POST so personal data never appears in URLs.',
          request: 'CustomerLookupRequest',
          response: 'CustomerLookupResponse',
          errors: { '404': problem('`customer_not_found`') },
        }),
      },
      '/v1/customers/{customerId}': {
        get: get({
          summary: 'Read a customer',
          response: 'Customer',
          parameters: [pathId('customerId', 'The loyalty id')],
          errors: { '404': problem('`customer_not_found`') },
        }),
      },
      '/v1/customers/{customerId}/balance': {
        get: get({
          summary: "Read a customer's points, tier, rewards and wallets",
          response: 'Balance',
          parameters: [pathId('customerId', 'The loyalty id')],
          errors: { '404': problem('`customer_not_found`') },
        }),
      },
      '/v1/customers/{customerId}/ledger': {
        get: get({
          summary: "Page through a customer's points movements, newest first",
          response: 'LedgerPage',
          parameters: [
            pathId('customerId', 'The loyalty id'),
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            {
              name: 'cursor',
              in: 'query',
              schema: { type: 'string' },
              description: '`nextCursor` of the previous page',
            },
          ],
          errors: { '404': problem('`customer_not_found`') },
        }),
      },
      '/v1/program': { get: get({ summary: 'Read the loyalty program', response: 'Program' }) },
      '/v1/redemptions:quote': {
        post: post({
          summary: 'Price a redemption against a cart (reserves nothing)',
          request: 'RedemptionQuoteRequest',
          response: 'RedemptionQuoteResult',
        }),
      },
      '/v1/holds': {
        post: post({
          summary: 'Reserve points for a redemption',
          request: 'HoldRequest',
          response: 'Hold',
          status: '201',
          errors: { '404': problem('`customer_not_found`') },
        }),
      },
      '/v1/holds/{holdId}': {
        get: get({ summary: 'Read a hold', response: 'Hold', parameters: [pathId('holdId', 'The hold id')] }),
      },
      '/v1/holds/{holdId}:release': {
        post: post({
          summary: 'Release a hold (its points return)',
          response: 'Hold',
          parameters: [pathId('holdId', 'The hold id')],
          errors: { '404': problem('`hold_not_found`') },
        }),
      },
      '/v1/holds/{holdId}:commit': {
        post: post({
          summary: 'Commit a hold to a sale',
          request: 'HoldCommitRequest',
          response: 'Hold',
          parameters: [pathId('holdId', 'The hold id')],
          errors: { '404': problem('`hold_not_found`') },
        }),
      },
      '/v1/events': {
        get: get({
          summary: 'Read events after a position (the live link’s polling fallback)',
          response: 'EventsPage',
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'string' }, description: '`<epoch>:<seq>`' },
            { name: 'customerIds', in: 'query', schema: { type: 'string' }, description: 'Comma-separated' },
            { name: 'storeId', in: 'query', schema: { type: 'string' } },
            { name: 'registerId', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          ],
        }),
      },
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The platform API key' } },
    },
  };
}

/** The AsyncAPI 3.0 document of protocol v1's live WebSocket channel. */
export function buildAsyncApi(): JsonObject {
  const clientFrames = {
    HelloFrame: HelloFrameSchema,
    SubscribeFrame: SubscribeFrameSchema,
    UnsubscribeFrame: UnsubscribeFrameSchema,
    PresenceFrame: PresenceFrameSchema,
    PingFrame: PingFrameSchema,
  };
  const serverFrames = {
    WelcomeFrame: WelcomeFrameSchema,
    EventFrame: EventFrameSchema,
    PongFrame: PongFrameSchema,
    ResyncFrame: ResyncFrameSchema,
    ErrorFrame: ErrorFrameSchema,
    LiveEvent: LiveEventSchema,
  };
  const shared = { Timestamp: TimestampSchema, Reward: RewardSchema, NonNegativeMoney: NonNegativeMoneySchema };
  const schemas = {
    ...components({ ...shared, ...clientFrames, ClientFrame: ClientFrameSchema }, 'input'),
    ...components({ ...shared, ...serverFrames, ServerFrame: ServerFrameSchema }, 'output'),
  };
  const message = (id: string, summary: string) => ({ name: id, summary, payload: ref(id) });
  const messages: Record<string, JsonObject> = {
    hello: message('HelloFrame', 'First client frame: authenticates, says where to resume'),
    subscribe: message('SubscribeFrame', 'Receive events about these customers'),
    unsubscribe: message('UnsubscribeFrame', 'Stop receiving events about these customers'),
    presence: message('PresenceFrame', 'A customer was attached to or detached from the sale at this register'),
    ping: message('PingFrame', 'Heartbeat, every heartbeatMs whatever else arrives'),
    welcome: message('WelcomeFrame', 'hello accepted; missed events or a resync follow'),
    event: message('EventFrame', 'One event at its (epoch, seq) position'),
    pong: message('PongFrame', 'Answer to ping'),
    resync: message('ResyncFrame', 'The position cannot be resumed: refetch snapshots, continue from head'),
    error: message('ErrorFrame', 'A problem that does not close the connection'),
  };
  const refs = (names: string[]) => names.map((name) => ({ $ref: `#/channels/live/messages/${name}` }));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Loyalty Link live link',
      version: String(PROTOCOL_VERSION),
      description:
        'One WebSocket per register. JSON text frames of at most 64 KiB. Close codes: 4000 protocol violation, ' +
        '4001 unauthorized, 4002 hello timeout, 4009 frame too large, 4010 heartbeat timeout, 4011 replaced, ' +
        '1001 going away. Generated from the Loyalty Link zod schemas; the prose is docs/protocol.md.',
    },
    servers: { platform: { host: 'platform.example.com', protocol: 'wss' } },
    channels: { live: { address: '/v1/live', messages } },
    operations: {
      sendClientFrame: {
        action: 'send',
        channel: { $ref: '#/channels/live' },
        messages: refs(['hello', 'subscribe', 'unsubscribe', 'presence', 'ping']),
      },
      receiveServerFrame: {
        action: 'receive',
        channel: { $ref: '#/channels/live' },
        messages: refs(['welcome', 'event', 'pong', 'resync', 'error']),
      },
    },
    components: { schemas },
  };
}

/** The generated files, by path relative to the repository root. */
export function protocolDocuments(): Record<string, string> {
  return {
    'docs/protocol/openapi.json': `${JSON.stringify(buildOpenApi(), null, 2)}\n`,
    'docs/protocol/asyncapi.json': `${JSON.stringify(buildAsyncApi(), null, 2)}\n`,
  };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(process.argv[1], 'file:').href) {
  const root = new URL('../../../', import.meta.url);
  for (const [path, content] of Object.entries(protocolDocuments())) {
    writeFileSync(new URL(path, root), content);
    console.log(`wrote ${path}`);
  }
}
