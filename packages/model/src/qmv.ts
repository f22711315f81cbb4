import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { CURRENT_POPULATION, type PopulationTable, totalPopulation } from './population';

/**
 * Qualified majority voting in the Council, with all 27 Member States taking part.
 *
 * - `standard` (Art. 16(4) TEU, on a proposal from the Commission or the High Representative): at least
 *   55 % of the members of the Council, comprising at least 15 of them, representing Member States that
 *   make up at least 65 % of the population of the Union. "A blocking minority must include at least
 *   four Council members, failing which the qualified majority shall be deemed attained."
 * - `reinforced` (Art. 238(2) TFEU, when the Council does not act on such a proposal): at least 72 % of
 *   the members of the Council (20 of 27) representing at least 65 % of the population. Art. 238(2)
 *   carries no four-member clause, so nothing is deemed attained under it.
 *
 * Only a vote in favour counts towards the majority: an abstention, an absence or any other answer
 * weighs like a vote against (Art. 238(4) TFEU makes abstentions harmless only for unanimity).
 *
 * The arithmetic is in integers: "at least 65 %" is `inFavour * 100 >= 65 * total`, so a coalition
 * exactly at a threshold is judged without floating-point error. With every member counted, the
 * population criterion fails exactly when those not in favour make up more than 35 %.
 */
export const QMV_RULES = ['standard', 'reinforced'] as const;
export type QmvRule = (typeof QMV_RULES)[number];

/** Thresholds in whole percent, from the Treaties. */
const STATES_PERCENT: Readonly<Record<QmvRule, number>> = { standard: 55, reinforced: 72 };
const MIN_STATES: Readonly<Record<QmvRule, number>> = { standard: 15, reinforced: 0 };
const POPULATION_PERCENT = 65;
const BLOCKING_MINORITY_POPULATION_PERCENT = 35;
const BLOCKING_MINORITY_MIN_STATES = 4;

export function isQmvRule(value: unknown): value is QmvRule {
  return typeof value === 'string' && (QMV_RULES as readonly string[]).includes(value);
}

/** The thresholds of one rule over one population table; the same for every block of a document. */
export interface QmvThresholds {
  readonly rule: QmvRule;
  /** The Eurostat reference year of the population figures used. */
  readonly referenceYear: number;
  readonly statesTotal: number;
  readonly statesRequired: number;
  readonly populationTotal: number;
  /** The smallest population in favour that meets the population criterion. */
  readonly populationRequired: number;
}

export interface QmvOutcome {
  /** Member States in favour. */
  readonly states: number;
  /** Population of the Member States in favour. */
  readonly population: number;
  readonly passes: boolean;
  /** Those not in favour are at least four Member States with more than 35 % of the population. */
  readonly blockingMinority: boolean;
  /** The population criterion failed, but fewer than four members were not in favour (standard rule only). */
  readonly deemedAttained: boolean;
}

export interface QmvOptions {
  /** @default 'standard' */
  readonly rule?: QmvRule;
  /** @default CURRENT_POPULATION */
  readonly population?: PopulationTable;
}

export function computeQmvThresholds(options: QmvOptions = {}): QmvThresholds {
  const rule = options.rule ?? 'standard';
  const table = options.population ?? CURRENT_POPULATION;
  const statesTotal = MEMBER_STATE_CODES.length;
  const populationTotal = totalPopulation(table);
  return {
    rule,
    referenceYear: table.referenceYear,
    statesTotal,
    statesRequired: Math.max(MIN_STATES[rule], ceilDiv(STATES_PERCENT[rule] * statesTotal, 100)),
    populationTotal,
    populationRequired: ceilDiv(POPULATION_PERCENT * populationTotal, 100),
  };
}

/**
 * Whether the Member States in favour make a qualified majority. Codes given twice count once; every
 * Member State not listed counts as not in favour.
 */
export function computeQualifiedMajority(
  inFavour: Iterable<MemberStateCode>,
  options: QmvOptions = {},
): QmvOutcome & { readonly thresholds: QmvThresholds } {
  const thresholds = computeQmvThresholds(options);
  const figures = (options.population ?? CURRENT_POPULATION).figures;
  const seen = new Set<MemberStateCode>();
  let population = 0;
  for (const code of inFavour) {
    if (seen.has(code)) continue;
    seen.add(code);
    population += figures[code];
  }
  return { ...judgeQualifiedMajority(seen.size, population, thresholds), thresholds };
}

/** The verdict from the tallies alone, for callers that count many blocks against one set of thresholds. */
export function judgeQualifiedMajority(
  statesInFavour: number,
  populationInFavour: number,
  thresholds: QmvThresholds,
): QmvOutcome {
  const statesAgainst = thresholds.statesTotal - statesInFavour;
  const populationAgainst = thresholds.populationTotal - populationInFavour;
  const statesMet = statesInFavour >= thresholds.statesRequired;
  const populationMet = populationInFavour * 100 >= POPULATION_PERCENT * thresholds.populationTotal;
  const blockingMinority =
    statesAgainst >= BLOCKING_MINORITY_MIN_STATES &&
    populationAgainst * 100 > BLOCKING_MINORITY_POPULATION_PERCENT * thresholds.populationTotal;
  const deemedAttained =
    thresholds.rule === 'standard' &&
    statesMet &&
    !populationMet &&
    statesAgainst < BLOCKING_MINORITY_MIN_STATES;
  return {
    states: statesInFavour,
    population: populationInFavour,
    passes: statesMet && (populationMet || deemedAttained),
    blockingMinority,
    deemedAttained,
  };
}

function ceilDiv(numerator: number, denominator: number): number {
  return Math.floor((numerator + denominator - 1) / denominator);
}
