import { describe, expect, it } from 'vitest';
import { countBracketSpans } from './brackets';
import { hashBlockText, summarizeBlockText } from './text-hash';

describe('summarizeBlockText', () => {
  it('summarises a text once and gives the same summary again', () => {
    const text = 'The Council [strongly] condemns [malicious] cyber activities.';
    const first = summarizeBlockText(text);
    expect(first).toEqual({ textHash: hashBlockText(text), brackets: countBracketSpans(text) });
    expect(first.brackets).toBe(2);
    expect(summarizeBlockText(text)).toBe(first);
  });

  it('gives texts that differ only in whitespace the same hash, and other texts another', () => {
    const text = 'The Council condemns malicious cyber activities.';
    expect(summarizeBlockText(`  ${text.replace(/ /g, '\n ')} `).textHash).toBe(
      summarizeBlockText(text).textHash,
    );
    expect(summarizeBlockText(`${text}!`).textHash).not.toBe(summarizeBlockText(text).textHash);
  });
});
