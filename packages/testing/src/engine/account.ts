import type { LedgerEntry, LedgerEntryType, Reward, Wallet } from '@loyalty-link/core';

/** A reward unlocked for one customer (a full stamp card): free to use until it expires. */
export interface UnlockedReward {
  /** The reward as the balance shows it: its own id, `costPoints: 0`, `expiresAt`. */
  reward: Reward;
  /** The catalog reward it is an instance of. */
  catalogId: string;
  /** The expiry timer. */
  timer?: number;
}

/** A customer's points, tier, stamps, rewards and wallets, and the ledger that explains the points. */
export interface Account {
  customerId: string;
  /** Spendable points; always `Σ ledger[].points`. */
  available: number;
  /** Points reserved by active holds. */
  held: number;
  /** Points earned over the membership, net of reversals. */
  lifetime: number;
  /** Increases once per operation that changed the account; carried by `Balance.version`. */
  version: number;
  /** Qualifying points per calendar year (program time zone), net of reversals. */
  qualifyingByYear: Map<number, number>;
  /** The tier the customer is in, as last published. */
  tierId: string | undefined;
  /** Stamps per `stamp_card` rule id. */
  stamps: Map<string, number>;
  rewards: UnlockedReward[];
  wallets: Wallet[];
  /** Years (program time zone) in which the birthday bonus was credited. */
  birthdayBonusYears: Set<number>;
  /** Every movement of points, oldest first. */
  ledger: LedgerEntry[];
}

/** What a ledger posting needs; the rest (id, balance after, time) is filled in by the posting. */
export interface Posting {
  type: LedgerEntryType;
  /** Change to available points. */
  points: number;
  reason: string;
  transactionId?: string;
  holdId?: string;
  ruleId?: string;
  shortfall?: number;
}

/** Creates an empty account. */
export function createAccount(customerId: string): Account {
  return {
    customerId,
    available: 0,
    held: 0,
    lifetime: 0,
    version: 0,
    qualifyingByYear: new Map(),
    tierId: undefined,
    stamps: new Map(),
    rewards: [],
    wallets: [],
    birthdayBonusYears: new Set(),
    ledger: [],
  };
}
