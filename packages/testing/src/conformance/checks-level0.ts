import { headers, limits, paths, TransactionBatchResponseSchema } from '@loyalty-link/core';
import { ensure, ensureEqual, ensureProblem, ensureShape, ensureStatus, hasErrorAt } from './assert';
import type { ConformanceCheck } from './check-context';

/** Level 0 (push): authentication, idempotency, batch outcomes, limits (protocol sections 2–5 and 10). */
export const level0Checks: ConformanceCheck[] = [
  {
    name: 'a request without a key, or with an unknown key, gets 401 unauthorized',
    level: 0,
    async run({ http, sale }) {
      const body = { items: [] };
      const missing = await http.request('POST', paths.transactionsBatch, { body, apiKey: null });
      ensureProblem(missing, 401, 'unauthorized', 'without Authorization');
      const unknown = await http.request('POST', paths.transactionsBatch, {
        body: { items: [{ idempotencyKey: http.key(), transaction: sale({ anonymous: true }) }] },
        apiKey: 'conformance-unknown-key',
      });
      ensureProblem(unknown, 401, 'unauthorized', 'with an unknown key');
      ensure(!unknown.text.includes('conformance-unknown-key'), 'the problem document echoes the API key');
    },
  },
  {
    name: 'a POST without Idempotency-Key gets 400 idempotency_key_required',
    level: 0,
    async run({ http, sale, item }) {
      const response = await http.request('POST', paths.transactionsBatch, {
        body: { items: [item(sale({ anonymous: true }))] },
        idempotencyKey: null,
      });
      ensureProblem(response, 400, 'idempotency_key_required', 'POST without Idempotency-Key');
    },
  },
  {
    name: 'the same key and body replay the stored response byte for byte, with Idempotent-Replayed: true',
    level: 0,
    async run({ http, sale, item }) {
      const key = http.key();
      const body = { items: [item(sale({ anonymous: true }))] };
      const first = await http.request('POST', paths.transactionsBatch, { body, idempotencyKey: key });
      ensureStatus(first, 200, 'the first request');
      const again = await http.request('POST', paths.transactionsBatch, { body, idempotencyKey: key });
      ensureStatus(again, 200, 'the replay');
      ensureEqual(again.text, first.text, 'the replayed body');
      ensureEqual(again.headers.get(headers.idempotentReplayed), 'true', `the replay's ${headers.idempotentReplayed}`);
    },
  },
  {
    name: 'the same key with another body gets 409 idempotency_conflict, and nothing is processed',
    level: 0,
    async run({ http, sale, item, record }) {
      const key = http.key();
      const first = await http.request('POST', paths.transactionsBatch, {
        body: { items: [item(sale({ anonymous: true }))] },
        idempotencyKey: key,
      });
      ensureStatus(first, 200, 'the first request');
      const other = sale({ anonymous: true });
      const conflict = await http.request('POST', paths.transactionsBatch, {
        body: { items: [item(other)] },
        idempotencyKey: key,
      });
      ensureProblem(conflict, 409, 'idempotency_conflict', 'a reused key');
      // Had the conflicting request been processed, its item would now be a duplicate.
      const [result] = await record(other);
      ensureEqual(result?.status, 'accepted', 'the conflicting request’s transaction, sent again under a new key');
    },
  },
  {
    name: 'a batch answers accepted, duplicate and rejected per item, in order, with codes and field paths',
    level: 0,
    async run({ http, sale, item }) {
      const first = sale({ anonymous: true });
      // The same item key (same store, register, kind and id) with another transaction: a reused receipt id.
      const reused = { ...first, occurredAt: '2020-01-01T00:00:00Z' };
      const broken = sale({ anonymous: true });
      const net = { ...broken.totals.net, amount: broken.totals.net.amount + 1 };
      const brokenTotals = { ...broken, payments: [], totals: { ...broken.totals, net } };
      const response = await http.request('POST', paths.transactionsBatch, {
        body: { items: [item(first), item(first), item(brokenTotals), item(reused)] },
      });
      ensureStatus(response, 200, 'the batch');
      const { results } = ensureShape(TransactionBatchResponseSchema, response.json, 'the batch response');
      ensure(results.length === 4, `expected 4 results, one per item, got ${results.length}`);
      const [accepted, duplicate, rejected, conflict] = results;
      ensureEqual(accepted?.status, 'accepted', 'item 0 (new)');
      ensureEqual(duplicate?.status, 'duplicate', 'item 1 (the same item key again)');
      ensure(rejected?.status === 'rejected', 'item 2 (totals that do not add up) should be rejected');
      ensureEqual(rejected.problem.code, 'validation_failed', 'item 2 problem code');
      ensure(
        hasErrorAt(rejected.problem.errors, ['totals', 'net']),
        `item 2: expected a field error at totals.net, got ${JSON.stringify(rejected.problem.errors ?? [])}`,
      );
      ensure(conflict?.status === 'rejected', 'item 3 (the same item key with another transaction) should be rejected');
      ensureEqual(conflict.problem.code, 'idempotency_conflict', 'item 3 problem code');
    },
  },
  {
    name: 'a body over 1 MiB gets 413 payload_too_large',
    level: 0,
    async run({ http }) {
      const rawBody = JSON.stringify({ items: [], padding: 'x'.repeat(limits.maxBodyBytes + 1) });
      const response = await http.request('POST', paths.transactionsBatch, { rawBody });
      ensureProblem(response, 413, 'payload_too_large', 'an oversized body');
    },
  },
  {
    name: 'a body that breaks its schema gets 422 validation_failed with field paths; malformed JSON 400',
    level: 0,
    async run({ http }) {
      const empty = await http.request('POST', paths.transactionsBatch, { body: { items: [] } });
      const problem = ensureProblem(empty, 422, 'validation_failed', 'a batch without items');
      ensure(
        hasErrorAt(problem.errors, ['items']),
        `expected a field error at items, got ${JSON.stringify(problem.errors ?? [])}`,
      );
      const malformed = await http.request('POST', paths.transactionsBatch, { rawBody: '{"items": [' });
      ensureProblem(malformed, 400, 'malformed_json', 'a body that is not JSON');
    },
  },
];
