import JSZip from 'jszip';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids, which Word refuses.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u;

/**
 * The XML parts of a .docx that hold a character XML 1.0 forbids, each as "part: U+XXXX": a file
 * Word refuses to open. Written apart from `xmlText` so that a test does not check the code with itself.
 */
export async function partsWordRefuses(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const refused: string[] = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const found = FORBIDDEN.exec(await entry.async('string'));
    if (found !== null)
      refused.push(`${name}: U+${found[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
  }
  return refused;
}
