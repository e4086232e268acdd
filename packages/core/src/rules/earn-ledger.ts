import type { EarnLinePoints, EarnRulePoints } from './earn-estimate';
import { toSafeInteger } from './integer-math';

/** Who a credit is attributed to: a rule, or the tier, with its position for ordering the breakdown. */
export interface EarnSource {
  ruleId: string;
  type: EarnRulePoints['type'];
  /** Position in the breakdown: the rule's index in the program, the tier after every rule. */
  order: number;
}

/**
 * Double-entry bookkeeping for one sale's points: every credit names both a line and a source, so the
 * per-line and per-rule breakdowns add up to the same total by construction rather than by a final fix-up.
 * BigInt throughout; conversion to numbers happens once, in {@link EarnLedger.lines} and
 * {@link EarnLedger.rules}.
 */
export class EarnLedger {
  private readonly perLine: bigint[];
  // Keyed by position rather than id: nothing forces rule ids to be unique, and two rules are two entries.
  private readonly perSource = new Map<number, { source: EarnSource; points: bigint }>();

  constructor(lineCount: number) {
    this.perLine = Array.from({ length: lineCount }, () => 0n);
  }

  /** Adds `points` (negative for a multiplier below 1) earned on line `lineIndex` because of `source`. */
  credit(source: EarnSource, lineIndex: number, points: bigint): void {
    if (points === 0n) return;
    this.perLine[lineIndex] = (this.perLine[lineIndex] ?? 0n) + points;
    const entry = this.perSource.get(source.order);
    if (entry === undefined) this.perSource.set(source.order, { source, points });
    else entry.points += points;
  }

  /** The total credited, never negative because multipliers only scale base points that are. */
  total(): number {
    return toSafeInteger(
      this.perLine.reduce((sum, points) => sum + points, 0n),
      'points earned',
    );
  }

  /** Points per line, one entry per line in order. */
  lines(): EarnLinePoints[] {
    return this.perLine.map((points, lineIndex) => ({ lineIndex, points: toSafeInteger(points, 'points earned') }));
  }

  /** Non-zero contributions per source, in program order with the tier last. */
  rules(): EarnRulePoints[] {
    return [...this.perSource.values()]
      .filter((entry) => entry.points !== 0n)
      .sort((a, b) => a.source.order - b.source.order)
      .map(({ source, points }) => ({
        ruleId: source.ruleId,
        type: source.type,
        points: toSafeInteger(points, 'points earned'),
      }));
  }
}
