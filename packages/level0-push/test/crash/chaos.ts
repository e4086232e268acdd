// `pnpm chaos [rounds]`: the crash test at length (500 rounds by default). Exits non-zero on any loss or
// duplicate.
import { runCrashRounds } from './crash-harness';

const rounds = Number(process.argv[2] ?? 500);
const started = Date.now();
const report = await runCrashRounds({
  rounds,
  seed: Number(process.env.CHAOS_SEED ?? 7),
  log: (line) => {
    if (/round (\d+)\//.test(line) && Number(/round (\d+)\//.exec(line)?.[1]) % 25 === 0) console.log(line);
  },
});
console.log(
  `chaos: ${report.rounds} SIGKILL rounds in ${Math.round((Date.now() - started) / 1000)} s; ` +
    `${report.acknowledged} sales acknowledged, ${report.onPlatform} on the platform; ` +
    `${report.lost.length} lost, ${report.duplicates.length} duplicates, ${report.unexpected.length} unexpected, ` +
    `${report.consistency.length} ledger problems`,
);
process.exit(
  report.lost.length + report.duplicates.length + report.unexpected.length + report.consistency.length === 0 ? 0 : 1,
);
