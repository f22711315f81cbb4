/**
 * The caret plugin (y-prosemirror) accepts only `#rrggbb` colours and warns on the console for every
 * other form at every redraw, while the server may name colours in any CSS form (it sends `hsl()`).
 * Remote states are rewritten to `#rrggbb` as they arrive.
 */

/** `#rrggbb` for `#rgb`, `#rrggbb` and `hsl()` colours; null for anything else. */
export function toHexColor(color: string): string | null {
  const value = color.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(value)) return value;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(value);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  const hsl = /^hsla?\(\s*(-?[\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/.exec(
    value,
  );
  if (!hsl) return null;
  const h = (((Number(hsl[1]) % 360) + 360) % 360) / 360;
  const s = Math.min(1, Number(hsl[2]) / 100);
  const l = Math.min(1, Number(hsl[3]) / 100);
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const k = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    const v = k < 1 / 6 ? p + (q - p) * 6 * k : k < 1 / 2 ? q : k < 2 / 3 ? p + (q - p) * (2 / 3 - k) * 6 : p;
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(h + 1 / 3)}${channel(h)}${channel(h - 1 / 3)}`;
}

const FALLBACK_COLOR = '#4b5563';

/** Black or white, whichever reads better on a `#rrggbb` background (WCAG relative luminance). */
export function pickTextColor(background: string): '#000000' | '#ffffff' {
  const hex = toHexColor(background) ?? FALLBACK_COLOR;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05. Equal at L ≈ 0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

/** Rewrites the `user.color` of these awareness states to `#rrggbb` in place. */
export function normalizeCaretColors(
  states: ReadonlyMap<number, unknown>,
  clientIds: Iterable<number>,
): void {
  for (const clientId of clientIds) {
    const user = (states.get(clientId) as { user?: { color?: unknown } } | undefined)?.user;
    if (typeof user !== 'object' || user === null || typeof user.color !== 'string') continue;
    if (/^#[0-9a-f]{6}$/.test(user.color)) continue;
    user.color = toHexColor(user.color) ?? FALLBACK_COLOR;
  }
}
