// The public API of @loyalty-link/core. Nothing is public unless it is listed here.

export type { LoyaltyLinkErrorOptions } from './errors/loyalty-link-error';
// Errors
export {
  isLoyaltyLinkError,
  LoyaltyLinkError,
} from './errors/loyalty-link-error';
export {
  AbortError,
  isAbortError,
  isNetworkError,
  isOfflineError,
  isTimeoutError,
  NetworkError,
  OfflineError,
  TimeoutError,
} from './errors/network-errors';
export type { PlatformErrorInit } from './errors/platform-error';
export {
  AuthError,
  ConflictError,
  HoldExpiredError,
  InsufficientPointsError,
  isAuthError,
  isConflictError,
  isHoldExpiredError,
  isInsufficientPointsError,
  isNotFoundError,
  isPlatformError,
  isRateLimitError,
  isRetryableStatus,
  NotFoundError,
  PlatformError,
  platformErrorFrom,
  RateLimitError,
} from './errors/platform-error';
export type { ProtocolErrorSource } from './errors/protocol-error';
export { isProtocolError, ProtocolError } from './errors/protocol-error';
export type { ValidationIssue } from './errors/validation-error';
export {
  ConfigurationError,
  formatPath,
  isConfigurationError,
  isValidationError,
  ValidationError,
} from './errors/validation-error';
export type { EventMap, Listener, ListenerErrorHandler } from './events/typed-emitter';
// Events, logging, time, randomness
export { TypedEmitter } from './events/typed-emitter';
export { contentHash } from './idempotency/content-hash';
export type { IdempotencyKeyParts } from './idempotency/idempotency-key';
// Idempotency
export { transactionIdempotencyKey } from './idempotency/idempotency-key';
export type { LogFields, Logger, LogLevel } from './logging/logger';
export { consoleLogger, redactingLogger, silentLogger } from './logging/logger';
export { redact, redactValue, registerSecret } from './logging/redact';
export { allocate, allocateInteger } from './money/allocate';
export type { Money } from './money/money';
// Money
export {
  addMoney,
  compareMoney,
  currencyExponent,
  divideRounded,
  formatMoney,
  MoneySchema,
  money,
  multiplyMoney,
  NonNegativeMoneySchema,
  percentOfMoney,
  quantityToMilli,
  subtractMoney,
  sumMoney,
  toDecimalString,
  zeroMoney,
} from './money/money';
export type {
  Capabilities,
  Capability,
  Level0Operation,
  Level0Port,
  Level1Operation,
  Level1Port,
  Level2Operation,
  Level2Port,
  LiveChannel,
  LiveChannelHandlers,
  RequestOptions,
  SerializedTransaction,
} from './ports/ports';
// Ports
export { level0Operations, level1Operations, level2Operations } from './ports/ports';
// Protocol v1 (wire)
export { closeCodes, headers, limits, PROTOCOL_VERSION, paths } from './protocol/constants';
export type {
  ProductSyncRequest,
  ProductSyncRequestInput,
  ProductSyncResponse,
  ProductSyncResult,
  TransactionBatchItem,
  TransactionBatchRequest,
  TransactionBatchRequestInput,
  TransactionBatchResponse,
  TransactionItemResult,
} from './protocol/level0';
export {
  ContentHashSchema,
  IdempotencyKeySchema,
  ProductSyncRequestSchema,
  ProductSyncResponseSchema,
  ProductSyncResultSchema,
  TransactionBatchItemSchema,
  TransactionBatchRequestSchema,
  TransactionBatchResponseSchema,
  TransactionItemResultSchema,
} from './protocol/level0';
export type {
  CustomerLookupRequest,
  CustomerLookupResponse,
  HoldCommitRequest,
  HoldRequest,
  RedemptionQuoteRequest,
} from './protocol/level1';
export {
  CustomerLookupRequestSchema,
  CustomerLookupResponseSchema,
  HoldCommitRequestSchema,
  HoldRequestSchema,
  RedemptionQuoteRequestSchema,
} from './protocol/level1';
export type {
  ClientFrame,
  ErrorFrame,
  EventFrame,
  EventsPage,
  HelloFrame,
  PresenceFrame,
  ResyncFrame,
  ServerFrame,
  StreamPosition,
  WelcomeFrame,
} from './protocol/live';
export {
  ClientFrameSchema,
  ErrorFrameSchema,
  EventFrameSchema,
  EventsPageSchema,
  HelloFrameSchema,
  PingFrameSchema,
  PongFrameSchema,
  PresenceFrameSchema,
  ResyncFrameSchema,
  ServerFrameSchema,
  StreamPositionSchema,
  SubscribeFrameSchema,
  UnsubscribeFrameSchema,
  WelcomeFrameSchema,
} from './protocol/live';
export type { ProtocolPort, ProtocolPortOperation, ProtocolPortOptions } from './protocol/protocol-port';
export { createProtocolPort, protocolPortCapabilities } from './protocol/protocol-port';
export {
  holdActionIdempotencyKey,
  productSyncIdempotencyKey,
  transactionBatchIdempotencyKey,
} from './protocol/protocol-port-keys';
export type { Birthday } from './rules/birthday';
export { isNearBirthday, nearestBirthdayYear, parseBirthDate } from './rules/birthday';
// Program rules: the same evaluator prints the offline estimate and credits points on the platform
export type { EarnEstimate, EarnedStamps, EarnLinePoints, EarnRulePoints, EarnZeroReason } from './rules/earn-estimate';
export type { EstimateEarnOptions } from './rules/estimate-earn';
export { estimateEarn } from './rules/estimate-earn';
export type { QuoteRedemptionOptions, RedeemableBalance } from './rules/quote-redemption';
export { quoteRedemption } from './rules/quote-redemption';
export type { ReturnedQuantities, ReturnReversal, ReturnReversalLine, UnmatchedReturn } from './rules/reverse-earn';
export { estimateReturnReversal } from './rules/reverse-earn';
export type { ReversePointsInput } from './rules/reverse-points';
export { reversePoints } from './rules/reverse-points';
export { isWithinWindow } from './rules/time-window';
export type { LocalDateTime } from './rules/zoned-time';
export { toLocalDateTime } from './rules/zoned-time';
export type { Balance, TierStatus, Wallet } from './schemas/balance';
export { BalanceSchema, TierStatusSchema, WalletSchema } from './schemas/balance';
export type { Currency } from './schemas/common';
// Domain schemas
export {
  CurrencySchema,
  DateSchema,
  IdentifierSchema,
  LabelSchema,
  OpaqueIdSchema,
  PointsSchema,
  TimestampSchema,
  TransactionIdSchema,
} from './schemas/common';
export type { Customer, CustomerRef, CustomerRefType } from './schemas/customer';
export {
  CardCodeSchema,
  CustomerRefSchema,
  CustomerSchema,
  CustomerStatusSchema,
  EmailSchema,
  PhoneSchema,
} from './schemas/customer';
export type { Hold, HoldStatus } from './schemas/hold';
export { HoldSchema, HoldStatusSchema } from './schemas/hold';
export type { LedgerEntry, LedgerEntryType, LedgerPage } from './schemas/ledger';
export { LedgerEntrySchema, LedgerEntryTypeSchema, LedgerPageSchema } from './schemas/ledger';
export type { LiveEvent, LiveEventType } from './schemas/live-event';
export {
  BalanceUpdatedEventSchema,
  CashierMessageEventSchema,
  CustomerUpdatedEventSchema,
  HoldExpiredEventSchema,
  LiveEventSchema,
  RewardExpiredEventSchema,
  RewardUnlockedEventSchema,
  TierChangedEventSchema,
} from './schemas/live-event';
export { parseInput, parseTransaction, parseWire, toValidationIssues } from './schemas/parse';
export type { Problem, ProblemFieldError } from './schemas/problem';
export { ProblemFieldErrorSchema, ProblemSchema } from './schemas/problem';
export type { Product, ProductInput } from './schemas/product';
export { ProductSchema, ProductTypeSchema } from './schemas/product';
export type { EarnRule, Program, ProgramInput, RedemptionRules, Tier, TimeWindow, Voucher } from './schemas/program';
export {
  BirthdayBonusRuleSchema,
  CategoryMultiplierRuleSchema,
  EarnRuleSchema,
  MultiplierSchema,
  PerAmountRuleSchema,
  PerVisitRuleSchema,
  ProductBonusRuleSchema,
  ProgramSchema,
  PromotionMultiplierRuleSchema,
  RedemptionRulesSchema,
  StampCardRuleSchema,
  TierSchema,
  TimeWindowSchema,
  VoucherSchema,
} from './schemas/program';
export type {
  Cart,
  CartInput,
  RedemptionQuote,
  RedemptionQuoteResult,
  RedemptionRefusal,
  RedemptionRefusalCode,
  RedemptionRequest,
} from './schemas/redemption';
export {
  CartSchema,
  RedemptionQuoteResultSchema,
  RedemptionQuoteSchema,
  RedemptionRefusalCodeSchema,
  RedemptionRefusalSchema,
  RedemptionRequestSchema,
} from './schemas/redemption';
export type { Reward, RewardEffect } from './schemas/reward';
export { RewardEffectSchema, RewardSchema } from './schemas/reward';
export type { ComputedTotals, DraftLine } from './schemas/totals';
export { computeTotals, lineTotal } from './schemas/totals';
export type {
  LineDiscount,
  Payment,
  Transaction,
  TransactionInput,
  TransactionKind,
  TransactionLine,
} from './schemas/transaction';
export {
  DiscountKindSchema,
  LineDiscountSchema,
  MAX_LINE_QUANTITY,
  MAX_TRANSACTION_LINES,
  PaymentMethodSchema,
  PaymentSchema,
  QuantitySchema,
  TransactionKindSchema,
  TransactionLineSchema,
  TransactionSchema,
  TransactionTotalsSchema,
  transactionIssues,
} from './schemas/transaction';
export type { Clock, ManualClock, TimerHandle } from './time/clock';
export { createManualClock, systemClock } from './time/clock';
export type { Random } from './time/random';
export { seededRandom, systemRandom } from './time/random';
export type { BackoffOptions } from './transport/backoff';
export { backoffDefaults, fullJitterBackoff } from './transport/backoff';
export { isLoopbackHost } from './transport/base-url';
// HTTP transport (protocol v1) and the default port
export { createHttpTransport, transportHeaders } from './transport/http-transport';
export type { FetchLike, HttpTransportOptions } from './transport/options';
export { httpTransportDefaults, MAX_TIMER_MS } from './transport/options';
export { parseRetryAfter } from './transport/retry-after';
export type { HttpMethod, HttpTransport, QueryValue, TransportRequest, TransportResponse } from './transport/types';
