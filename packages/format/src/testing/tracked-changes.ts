import JSZip from 'jszip';

/**
 * A .docx with every tracked change accepted, as Word's "Accept All Changes" leaves it: deleted runs
 * gone, inserted runs kept without their marks (in the body and the footnotes).
 */
export async function acceptTrackedChanges(
  bytes: Uint8Array | ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = await JSZip.loadAsync(bytes);
  for (const part of ['word/document.xml', 'word/footnotes.xml']) {
    const xml = await zip.file(part)?.async('string');
    if (xml === undefined) continue;
    zip.file(
      part,
      xml
        .replace(/<w:del [^>]*>.*?<\/w:del>/gs, '')
        .replace(/<w:ins [^>]*>(.*?)<\/w:ins>/gs, '$1')
        .replace(/<w:(?:ins|del) [^>]*\/>/g, ''),
    );
  }
  return new Uint8Array(await zip.generateAsync({ type: 'arraybuffer' }));
}
