/**
 * A population share (in %) cut, never rounded, to `digits` decimals: 64.9956 % of the population
 * fails the 65 % threshold, and rounded it would read "65 %" beside "fails".
 */
export function formatShare(percent: number, digits: number): string {
  const scale = 10 ** digits;
  // The epsilon keeps an exact share that binary floating point holds just below (0.29 * 100) whole.
  return (Math.floor(percent * scale + 1e-9) / scale).toFixed(digits);
}
