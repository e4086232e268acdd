import type { EarnRule } from '../schemas/program';

/** Why a transaction earns nothing at all, when that is decided before any rule runs. */
export type EarnZeroReason = 'not_a_sale' | 'currency_mismatch' | 'below_minimum_basket';

/** The points one transaction line earned. */
export interface EarnLinePoints {
  /** The line's index in `transaction.lines`. */
  lineIndex: number;
  /** Whole points, never negative. */
  points: number;
}

/**
 * The points one rule (or the customer's tier) contributed. Negative only for a multiplier below 1 (a
 * program may earn half points on tobacco, say): the entry then says how many points the rule took off.
 */
export interface EarnRulePoints {
  /** The rule's id, or the tier's id when `type` is `tier`. */
  ruleId: string;
  /** The rule's type, or `tier` for the tier multiplier, so a receipt can word each entry. */
  type: EarnRule['type'] | 'tier';
  /** Whole points. */
  points: number;
}

/** Stamps a sale put on a stamp card. */
export interface EarnedStamps {
  /** The `stamp_card` rule. */
  ruleId: string;
  /** Stamps earned by this sale (one per qualifying sale). */
  stamps: number;
  /** Stamps that fill the card. */
  stampsRequired: number;
  /** The reward a full card unlocks. */
  rewardId: string;
}

/**
 * What a sale earns under a program: the same numbers on the register's receipt estimate and in the
 * platform's ledger. Every point is attributed exactly once to a line and exactly once to a rule:
 * `Σ lines[].points = Σ rules[].points = points`.
 */
export interface EarnEstimate {
  /** Whole points earned, never negative. */
  points: number;
  /** One entry per transaction line, in line order (zero for lines that earned nothing). */
  lines: EarnLinePoints[];
  /** Non-zero contributions, in the order of the program's rules, the tier last. */
  rules: EarnRulePoints[];
  /** Stamps earned, one entry per stamp card the sale qualified for. */
  stamps: EarnedStamps[];
  /** The tier whose multiplier was applied, if one was given. */
  tierId?: string;
  /** Set when the transaction earns nothing because of what it is, not because no rule matched. */
  reason?: EarnZeroReason;
}
