/**
 * The institution whose documents these are, as the first line of a document's header names it: the
 * drafting room shows it there and every export writes it there (in capitals, as the register does).
 */
export const COUNCIL_NAME = 'Council of the European Union';
