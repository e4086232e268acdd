// core.transaction.parse_per_s: realistic ten-line sales validated (shape and invariants) per second.
import { parseTransaction } from '@loyalty-link/core';
import { tenLineSale } from '../../../packages/core/test/fixtures';
import { report, size } from '../result';

const sales = Array.from({ length: 1000 }, (_, i) => tenLineSale(`R-${i}`));
const iterations = size(200_000, 5_000);

for (let i = 0; i < Math.min(iterations, 5_000); i++) parseTransaction(sales[i % sales.length]);

const started = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) parseTransaction(sales[i % sales.length]);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

report({ name: 'core.transaction.parse_per_s', value: iterations / seconds, unit: 'sales/s', lines: 10, iterations });
