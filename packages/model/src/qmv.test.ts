import { describe, expect, it } from 'vitest';
import { MEMBER_STATE_CODES, type MemberStateCode } from './delegations';
import { POPULATION_2024, type PopulationTable, totalPopulation } from './population';
import { computeQmvThresholds, computeQualifiedMajority, type QmvRule } from './qmv';
import { AT_65_PERCENT, JUST_UNDER_65_PERCENT } from './qmv-edges';

/** Member States from the most to the least populous in the 2024 table. */
const BY_POPULATION = [...MEMBER_STATE_CODES].sort(
  (a, b) => POPULATION_2024.figures[b] - POPULATION_2024.figures[a],
);
const largest = (n: number) => BY_POPULATION.slice(0, n);
const allBut = (...out: MemberStateCode[]) => MEMBER_STATE_CODES.filter((c) => !out.includes(c));
const populationOf = (codes: readonly MemberStateCode[]) =>
  codes.reduce((sum, c) => sum + POPULATION_2024.figures[c], 0);

describe('computeQmvThresholds', () => {
  it.each<[QmvRule, number]>([
    ['standard', 15],
    ['reinforced', 20],
  ])('the %s rule needs %i of the 27 Member States', (rule, states) => {
    expect(computeQmvThresholds({ rule })).toMatchObject({ rule, statesTotal: 27, statesRequired: states });
  });

  it('says which reference year of population figures it used', () => {
    expect(computeQmvThresholds()).toMatchObject({
      referenceYear: 2024,
      populationTotal: 449_206_200,
      populationRequired: 291_984_030,
    });
  });
});

describe('computeQualifiedMajority', () => {
  it('checks the coalitions at the 65 % line are what they claim', () => {
    expect(populationOf(AT_65_PERCENT)).toBe(291_984_100);
    expect(populationOf(JUST_UNDER_65_PERCENT)).toBe(291_984_000);
  });

  it.each<
    [
      string,
      MemberStateCode[],
      QmvRule,
      { passes: boolean; blockingMinority: boolean; deemedAttained: boolean },
    ]
  >([
    [
      '15 Member States with 65 % of the population pass',
      AT_65_PERCENT,
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      '15 Member States 30 people short of 65 % fail',
      JUST_UNDER_65_PERCENT,
      'standard',
      { passes: false, blockingMinority: true, deemedAttained: false },
    ],
    [
      'the 15 most populous Member States pass',
      largest(15),
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      'the 14 most populous Member States fail despite 90 % of the population',
      largest(14),
      'standard',
      { passes: false, blockingMinority: false, deemedAttained: false },
    ],
    [
      '23 in favour pass when the 4 against hold 34.99 %',
      allBut('DE', 'IT', 'AT', 'FI'),
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      '23 in favour fail when the 4 against hold 35.03 %: a blocking minority',
      allBut('FR', 'IT', 'RO', 'CZ'),
      'standard',
      { passes: false, blockingMinority: true, deemedAttained: false },
    ],
    [
      '24 in favour pass although the 3 against hold 46.9 %: deemed attained (Art. 16(4) TEU)',
      allBut('DE', 'FR', 'IT'),
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: true },
    ],
    [
      'the reinforced rule knows no deemed attainment: 24 in favour with 53 % fail',
      allBut('DE', 'FR', 'IT'),
      'reinforced',
      { passes: false, blockingMinority: false, deemedAttained: false },
    ],
    [
      'the 20 most populous Member States make a reinforced majority',
      largest(20),
      'reinforced',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      'the 19 most populous Member States do not make a reinforced majority',
      largest(19),
      'reinforced',
      { passes: false, blockingMinority: false, deemedAttained: false },
    ],
    [
      'the 19 most populous Member States do make a standard majority',
      largest(19),
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      'all 27 pass',
      [...MEMBER_STATE_CODES],
      'standard',
      { passes: true, blockingMinority: false, deemedAttained: false },
    ],
    [
      'nobody in favour fails',
      [],
      'standard',
      { passes: false, blockingMinority: true, deemedAttained: false },
    ],
  ])('%s', (_title, inFavour, rule, expected) => {
    const outcome = computeQualifiedMajority(inFavour, { rule });
    expect(outcome).toMatchObject({
      ...expected,
      states: inFavour.length,
      population: populationOf(inFavour),
    });
    expect(outcome.thresholds.referenceYear).toBe(2024);
  });

  it('counts an abstention against: the same 15 with one abstaining instead of agreeing fail', () => {
    const abstaining: MemberStateCode = 'MT';
    const inFavour = AT_65_PERCENT.filter((c) => c !== abstaining);
    expect(computeQualifiedMajority(AT_65_PERCENT).passes).toBe(true);
    expect(computeQualifiedMajority(inFavour).passes).toBe(false);
  });

  it('counts a Member State named twice once', () => {
    const outcome = computeQualifiedMajority([...largest(14), 'DE']);
    expect(outcome).toMatchObject({ states: 14, passes: false });
  });

  /** A table of 2,000 people: the first 15 Member States hold exactly 65 %, the other 12 exactly 35 %. */
  function tableWithExactLines(shift: number): PopulationTable {
    const weights = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 60, 60, 60, 60, 60];
    const rest = [150, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50];
    // Moving `shift` people from the first Member State to the last of the 15 keeps the total.
    weights[0] = 100 - shift;
    rest[0] = 150 + shift;
    const all = [...weights, ...rest];
    const figures = Object.fromEntries(MEMBER_STATE_CODES.map((c, i) => [c, all[i]])) as Record<
      MemberStateCode,
      number
    >;
    return { referenceYear: 1999, source: 'a test table', figures };
  }
  const FIRST_15 = MEMBER_STATE_CODES.slice(0, 15);

  it.each([
    ['exactly 65 % in favour passes, and exactly 35 % against is no blocking minority', 0, true, false],
    ['one person short of 65 % fails, and 35 % and one against is a blocking minority', 1, false, true],
  ])('%s', (_title, shift, passes, blockingMinority) => {
    const table = tableWithExactLines(shift);
    expect(totalPopulation(table)).toBe(2_000);
    const outcome = computeQualifiedMajority(FIRST_15, { population: table });
    expect(outcome).toMatchObject({ states: 15, population: 1_300 - shift, passes, blockingMinority });
    expect(outcome.thresholds).toMatchObject({ referenceYear: 1999, populationRequired: 1_300 });
  });
});
