import { describe, expect, it } from 'vitest';
import { type NameForm, nameDelegationInText, nameDelegationPossessive } from './delegations';

describe('delegation names in running text', () => {
  it.each([
    ['FR', 'inline', 'France', "France's"],
    ['FR', 'sentence', 'France', "France's"],
    ['CY', 'inline', 'Cyprus', "Cyprus's"],
    // QA: the Dutch delegates read "Netherlands's position" and "Only for Netherlands".
    ['NL', 'inline', 'the Netherlands', "the Netherlands'"],
    ['NL', 'sentence', 'The Netherlands', "The Netherlands'"],
    ['COM', 'inline', 'the European Commission', "the European Commission's"],
    ['COM', 'sentence', 'The European Commission', "The European Commission's"],
  ] as const)('names %s (%s) "%s", possessive "%s"', (code, form: NameForm, name, possessive) => {
    expect(nameDelegationInText(code, form)).toBe(name);
    expect(nameDelegationPossessive(code, form)).toBe(possessive);
  });
});
