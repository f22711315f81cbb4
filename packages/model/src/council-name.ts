/**
 * The institution whose documents these are, as the first line of a document's header names it: the
 * drafting room shows it there and every export writes it there (in capitals, as the register does).
 */
export const COUNCIL_NAME = 'Council of the European Union';

/** The name as a document's first line writes it, in capitals: every export's, the redline's too. */
export const COUNCIL_NAME_LINE = COUNCIL_NAME.toUpperCase();
