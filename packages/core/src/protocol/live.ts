import * as z from 'zod/mini';
import { IdentifierSchema, OpaqueIdSchema } from '../schemas/common';
import { LiveEventSchema } from '../schemas/live-event';
import { PROTOCOL_VERSION } from './constants';

/**
 * A position in the platform's event log. `epoch` changes when the log is reset (a new log, a restore);
 * `seq` increases by one per event within an epoch.
 */
export const StreamPositionSchema = z.object({
  epoch: z.string().check(z.minLength(1), z.maxLength(64)),
  seq: z.int().check(z.nonnegative()),
});
/** A position in the event log. */
export type StreamPosition = z.infer<typeof StreamPositionSchema>;

const CustomerIdsSchema = z.array(OpaqueIdSchema).check(z.maxLength(100));

/** The first client frame: authenticates and says where to resume. */
export const HelloFrameSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  /** The API key (sent in the frame, never in the URL, so it stays out of access logs). */
  token: z.string().check(z.minLength(1), z.maxLength(512)),
  storeId: IdentifierSchema,
  registerId: IdentifierSchema,
  /** The last position this register applied; the server replays what came after it. */
  resume: z.optional(StreamPositionSchema),
  /** Customers to subscribe to at once (those on screen at reconnect). */
  customerIds: z.optional(CustomerIdsSchema),
});
/** A `hello` frame. */
export type HelloFrame = z.infer<typeof HelloFrameSchema>;

/** Client frame: receive events about these customers. */
export const SubscribeFrameSchema = z.object({ type: z.literal('subscribe'), customerIds: CustomerIdsSchema });
/** Client frame: stop receiving events about these customers. */
export const UnsubscribeFrameSchema = z.object({ type: z.literal('unsubscribe'), customerIds: CustomerIdsSchema });
/** Client frame: a customer was attached to or detached from the sale at this register. */
export const PresenceFrameSchema = z.object({
  type: z.literal('presence'),
  customerId: OpaqueIdSchema,
  state: z.enum(['attached', 'detached']),
});
/** A `presence` frame. */
export type PresenceFrame = z.infer<typeof PresenceFrameSchema>;
/** Client frame: a heartbeat; the server answers `pong` with the same id. */
export const PingFrameSchema = z.object({ type: z.literal('ping'), id: z.string().check(z.maxLength(64)) });

/** Every frame a client may send. */
export const ClientFrameSchema = z.discriminatedUnion('type', [
  HelloFrameSchema,
  SubscribeFrameSchema,
  UnsubscribeFrameSchema,
  PresenceFrameSchema,
  PingFrameSchema,
]);
/** A frame a client sends. */
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

/** Server frame: `hello` accepted. */
export const WelcomeFrameSchema = z.object({
  type: z.literal('welcome'),
  sessionId: z.string().check(z.minLength(1), z.maxLength(128)),
  /** The log's current head. */
  head: StreamPositionSchema,
  /** Whether the requested resume position was honoured (missed events follow this frame). */
  resumed: z.boolean(),
  /** How often the client should ping, in milliseconds. */
  heartbeatMs: z.int().check(z.positive()),
  /** The largest frame the server accepts, in bytes. */
  maxFrameBytes: z.int().check(z.positive()),
});
/** A `welcome` frame. */
export type WelcomeFrame = z.infer<typeof WelcomeFrameSchema>;

/** Server frame: one event at its position in the log. */
export const EventFrameSchema = z.object({
  type: z.literal('event'),
  epoch: z.string().check(z.minLength(1), z.maxLength(64)),
  seq: z.int().check(z.nonnegative()),
  event: LiveEventSchema,
});
/** A `event` frame. */
export type EventFrame = z.infer<typeof EventFrameSchema>;

/** Server frame: the answer to `ping`. */
export const PongFrameSchema = z.object({ type: z.literal('pong'), id: z.string().check(z.maxLength(64)) });

/**
 * Server frame: the client's position cannot be resumed (older than the retention window, or from another
 * epoch). The client must refetch the snapshots it shows and continue from `head`.
 */
export const ResyncFrameSchema = z.object({
  type: z.literal('resync'),
  head: StreamPositionSchema,
  reason: z.enum(['position_expired', 'epoch_changed', 'gap']),
});
/** A `resync` frame. */
export type ResyncFrame = z.infer<typeof ResyncFrameSchema>;

/** Server frame: a problem with a client frame that does not end the connection. */
export const ErrorFrameSchema = z.object({
  type: z.literal('error'),
  code: z.string().check(z.minLength(1), z.maxLength(100)),
  message: z.string().check(z.maxLength(500)),
});
/** A `error` frame. */
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;

/** Every frame a server may send. */
export const ServerFrameSchema = z.discriminatedUnion('type', [
  WelcomeFrameSchema,
  EventFrameSchema,
  PongFrameSchema,
  ResyncFrameSchema,
  ErrorFrameSchema,
]);
/** A frame a server sends. */
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** `GET /v1/events` response: the polling fallback of the live link, with the same events. */
export const EventsPageSchema = z.object({
  events: z.array(EventFrameSchema),
  /** Where to continue from. */
  head: StreamPositionSchema,
  /** True when `after` could not be resumed; refetch snapshots and continue from `head`. */
  resync: z.boolean(),
});
/** `GET /v1/events` response. */
export type EventsPage = z.infer<typeof EventsPageSchema>;
