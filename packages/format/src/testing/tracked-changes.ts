import JSZip from 'jszip';
import { DOCX_TEXT_PARTS } from '../tracked-changes';

/**
 * A .docx with every tracked change accepted, as Word's "Accept All Changes" leaves it: deleted and
 * moved-away runs gone, inserted and moved-here runs kept without their marks, the marks on paragraph
 * marks dropped (first: a self-closing `<w:del/>` must not be read as opening a deleted run).
 */
export async function acceptTrackedChanges(
  bytes: Uint8Array | ArrayBuffer,
): Promise<Uint8Array<ArrayBuffer>> {
  const zip = await JSZip.loadAsync(bytes);
  for (const part of DOCX_TEXT_PARTS) {
    const xml = await zip.file(part)?.async('string');
    if (xml === undefined) continue;
    zip.file(
      part,
      xml
        .replace(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g, '')
        .replace(/<w:(del|moveFrom)\b[^>]*>.*?<\/w:\1>/gs, '')
        .replace(/<w:(ins|moveTo)\b[^>]*>(.*?)<\/w:\1>/gs, '$2'),
    );
  }
  return new Uint8Array(await zip.generateAsync({ type: 'arraybuffer' }));
}
