// A register process for the crash test: appends sales to the SQLite outbox at `argv[2]` from several
// concurrent callers and prints each key on stdout as soon as its append resolved ("acknowledged").
// With `--self-kill N` it sends itself SIGKILL from inside the callback of the N-th acknowledgement.
import { sqliteOutbox } from '../src/outbox/sqlite-outbox';
import { saleEntry } from './outbox-fixtures';

const [file, flag, count] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: outbox-sqlite-writer.ts <file> [--self-kill <n>]');
const killAfter = flag === '--self-kill' ? Number(count) : Number.POSITIVE_INFINITY;
const store = sqliteOutbox(file);
const payload = JSON.stringify({ filler: 'x'.repeat(2000) });
let next = 0;
let acknowledged = 0;

async function caller(): Promise<void> {
  for (;;) {
    const key = `sale-${process.pid}-${next++}`;
    const [outcome] = await store.append([saleEntry(key, { payload })]);
    if (outcome?.status !== 'stored') throw new Error(`unexpected outcome for ${key}`);
    // Pipes are written synchronously on Linux, so the parent has the line before the process can die.
    process.stdout.write(`${key}\n`);
    acknowledged++;
    if (acknowledged >= killAfter) process.kill(process.pid, 'SIGKILL');
  }
}

await Promise.all(Array.from({ length: 8 }, caller));
