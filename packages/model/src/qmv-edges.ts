/**
 * Test data: two coalitions of 15 Member States on either side of the 65 % population line of the 2024
 * table, for the QMV and consensus tests.
 */
import type { MemberStateCode } from './delegations';

// 65 % of the 2024 total (449,206,200) is 291,984,030; figures are in hundreds, so these two coalitions
// of 15 are the closest possible either side of the line.
export const AT_65_PERCENT: MemberStateCode[] = [
  'DE',
  'FR',
  'ES',
  'PL',
  'CZ',
  'SE',
  'EL',
  'DK',
  'FI',
  'HR',
  'LT',
  'LV',
  'EE',
  'CY',
  'MT',
];
export const JUST_UNDER_65_PERCENT: MemberStateCode[] = [
  'DE',
  'FR',
  'IT',
  'RO',
  'BE',
  'PT',
  'SE',
  'AT',
  'DK',
  'IE',
  'HR',
  'SI',
  'EE',
  'LU',
  'MT',
];
