/**
 * The Member States in the Council's protocol order (alphabetical by each country's name in its own
 * language), with their Council codes. Greece is EL, never GR.
 */
export const MEMBER_STATES = [
  { code: 'BE', name: 'Belgium' },
  { code: 'BG', name: 'Bulgaria' },
  { code: 'CZ', name: 'Czechia' },
  { code: 'DK', name: 'Denmark' },
  { code: 'DE', name: 'Germany' },
  { code: 'EE', name: 'Estonia' },
  { code: 'IE', name: 'Ireland' },
  { code: 'EL', name: 'Greece' },
  { code: 'ES', name: 'Spain' },
  { code: 'FR', name: 'France' },
  { code: 'HR', name: 'Croatia' },
  { code: 'IT', name: 'Italy' },
  { code: 'CY', name: 'Cyprus' },
  { code: 'LV', name: 'Latvia' },
  { code: 'LT', name: 'Lithuania' },
  { code: 'LU', name: 'Luxembourg' },
  { code: 'HU', name: 'Hungary' },
  { code: 'MT', name: 'Malta' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'AT', name: 'Austria' },
  { code: 'PL', name: 'Poland' },
  { code: 'PT', name: 'Portugal' },
  { code: 'RO', name: 'Romania' },
  { code: 'SI', name: 'Slovenia' },
  { code: 'SK', name: 'Slovakia' },
  { code: 'FI', name: 'Finland' },
  { code: 'SE', name: 'Sweden' },
] as const;

export type MemberStateCode = (typeof MEMBER_STATES)[number]['code'];

export const MEMBER_STATE_CODES: readonly MemberStateCode[] = MEMBER_STATES.map((s) => s.code);

/** Participants who speak and propose wording but whose positions never count towards consensus. */
export const NON_VOTING_PARTICIPANTS = [
  { code: 'COM', name: 'European Commission' },
  { code: 'EEAS', name: 'European External Action Service' },
  { code: 'GSC', name: 'General Secretariat of the Council' },
  { code: 'CLS', name: 'Council Legal Service' },
] as const;

export type NonVotingCode = (typeof NON_VOTING_PARTICIPANTS)[number]['code'];
export type DelegationCode = MemberStateCode | NonVotingCode;

export const NON_VOTING_CODES: readonly NonVotingCode[] = NON_VOTING_PARTICIPANTS.map((p) => p.code);

const PROTOCOL_RANK = new Map<string, number>(
  [...MEMBER_STATE_CODES, ...NON_VOTING_CODES].map((code, index) => [code, index]),
);

export function isMemberStateCode(code: unknown): code is MemberStateCode {
  return typeof code === 'string' && MEMBER_STATE_CODES.includes(code as MemberStateCode);
}

export function isNonVotingCode(code: unknown): code is NonVotingCode {
  return typeof code === 'string' && NON_VOTING_CODES.includes(code as NonVotingCode);
}

export function isDelegationCode(code: unknown): code is DelegationCode {
  return isMemberStateCode(code) || isNonVotingCode(code);
}

export function nameDelegation(code: DelegationCode): string {
  const entry = [...MEMBER_STATES, ...NON_VOTING_PARTICIPANTS].find((d) => d.code === code);
  return entry?.name ?? code;
}

/** Names that English writes with "the": "the Netherlands", "the European Commission". */
const NAMED_WITH_ARTICLE: ReadonlySet<DelegationCode> = new Set(['NL', ...NON_VOTING_CODES]);

/** Whether a name opens a sentence ("The Netherlands …") or stands within one ("… for the Netherlands"). */
export type NameForm = 'inline' | 'sentence';

/**
 * A delegation's name in running text: "France", "the Netherlands", "the European Commission"
 * ("Only for Netherlands" read as a slip to the delegates it addressed).
 */
export function nameDelegationInText(code: DelegationCode, form: NameForm = 'inline'): string {
  const name = nameDelegation(code);
  if (!NAMED_WITH_ARTICLE.has(code)) return name;
  return `${form === 'sentence' ? 'The' : 'the'} ${name}`;
}

/**
 * Its possessive: "France's", "the European Commission's", and "the Netherlands'", a plural name
 * taking the apostrophe alone (not "Netherlands's").
 */
export function nameDelegationPossessive(code: DelegationCode, form: NameForm = 'inline'): string {
  const name = nameDelegationInText(code, form);
  return code === 'NL' ? `${name}'` : `${name}'s`;
}

/** A delegation's place in protocol order (Member States, then the non-voting participants); 99 for none. */
export function rankInProtocolOrder(code: string): number {
  return PROTOCOL_RANK.get(code) ?? 99;
}

/** Sorts delegation codes in protocol order: Member States first, then the non-voting participants. */
export function sortInProtocolOrder<T extends string>(codes: Iterable<T>): T[] {
  return [...codes].sort((a, b) => rankInProtocolOrder(a) - rankInProtocolOrder(b));
}
