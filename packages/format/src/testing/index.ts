export { COUNCIL_9916_17_MD, COUNCIL_9916_17_SUBJECT, expectCouncil991617 } from './fixture';
export {
  countOccurrences,
  documentText,
  findMissingSentences,
  splitFixtureSentences,
} from './fixture-sentences';
export { withSequentialIds } from './ids';
export { acceptTrackedChanges, rejectTrackedChanges } from './tracked-changes';
export { partsWordRefuses } from './xml-parts';
export { createMinimalDocx, createStoredZip, WORD_NAMESPACE, type ZipEntry } from './zip';
