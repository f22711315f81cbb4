import type { MemberStateCode } from './delegations';

/**
 * Population figures for qualified-majority arithmetic. The Council fixes them yearly in Annex III of
 * its Rules of Procedure from the Eurostat data available on 30 September of the year before; tables are
 * kept per reference year so that a calculation can say which one it used and a new year can be added.
 */
export interface PopulationTable {
  /** Year of the Eurostat reference date (population on 1 January of that year). */
  readonly referenceYear: number;
  readonly source: string;
  readonly figures: Readonly<Record<MemberStateCode, number>>;
}

/** Source: Eurostat, population on 1 January 2024 (released July 2024), rounded to hundreds. */
export const POPULATION_2024: PopulationTable = {
  referenceYear: 2024,
  source: 'Eurostat, population on 1 January 2024 (released July 2024), rounded to hundreds',
  figures: {
    DE: 83_445_000,
    FR: 68_402_000,
    IT: 58_989_700,
    ES: 48_610_500,
    PL: 36_621_000,
    RO: 19_064_400,
    NL: 17_942_900,
    BE: 11_832_000,
    CZ: 10_900_600,
    PT: 10_639_700,
    SE: 10_551_700,
    EL: 10_397_200,
    HU: 9_584_600,
    AT: 9_158_800,
    BG: 6_445_500,
    DK: 5_961_200,
    FI: 5_603_900,
    SK: 5_424_700,
    IE: 5_343_800,
    HR: 3_862_000,
    LT: 2_885_900,
    SI: 2_123_900,
    LV: 1_871_900,
    EE: 1_374_700,
    CY: 933_500,
    LU: 672_100,
    MT: 563_000,
  },
};

export const CURRENT_POPULATION: PopulationTable = POPULATION_2024;

/**
 * The EU total a share is taken of: the sum of the table's figures, as Annex III's total is the sum of
 * the figures it lists. With the 2024 figures rounded to hundreds that is 449,206,200, not Eurostat's
 * published 449,206,600: a coalition is measured against the same figures its members are counted in.
 */
export function totalPopulation(table: PopulationTable): number {
  return Object.values(table.figures).reduce((sum, n) => sum + n, 0);
}
