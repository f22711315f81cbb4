import { isBlank, readCouncilDate } from '@accord/model';
import { badRequest } from './api-error';

/**
 * The date given for a header (a revision's, an item note's, a corrigendum's) written the Council's
 * way ("9 June 2017" from "2017-06-09"); null for none, so the day it is made dates it. Anything else
 * is a 400 `invalid-date`: free text went onto the header as typed ("Brussels, tomorrow").
 */
export function readGivenDate(date: string | undefined): string | null {
  if (date === undefined || isBlank(date)) return null;
  const read = readCouncilDate(date);
  if (!read.ok) throw badRequest(read.error.code, `date: ${read.error.message}`);
  return read.value;
}
