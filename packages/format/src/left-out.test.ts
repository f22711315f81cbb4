import { describe, expect, it } from 'vitest';
import { countLeftOut, NOTHING_LEFT_OUT } from './left-out';
import { createMinimalDocx } from './testing/zip';

const WORD_NAMESPACE = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const encode = (text: string) => new TextEncoder().encode(text);

describe('countLeftOut', () => {
  it('counts a Word file’s comments and the images in its body', async () => {
    const body =
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>` +
      '<w:p><w:r><w:t>1. The Council recalls.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>' +
      '<w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p>' +
      // DrawingML with its VML fallback is one image.
      '<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing></w:drawing></mc:Choice>' +
      '<mc:Fallback><w:pict><v:shape><v:imagedata r:id="rId9"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>' +
      '</w:body></w:document>';
    const comments =
      `<w:comments xmlns:w="${WORD_NAMESPACE}">` +
      '<w:comment w:id="0" w:author="DE"><w:p><w:r><w:t>Delete?</w:t></w:r></w:p></w:comment>' +
      '<w:comment w:id="1" w:author="FR"><w:p><w:r><w:t>Agree.</w:t></w:r></w:p></w:comment></w:comments>';
    expect(await countLeftOut(createMinimalDocx(body, { comments }), 'docx')).toEqual({
      comments: 2,
      images: 2,
    });
    expect(
      await countLeftOut(
        createMinimalDocx(`<w:document xmlns:w="${WORD_NAMESPACE}"><w:body/></w:document>`),
        'docx',
      ),
    ).toEqual(NOTHING_LEFT_OUT);
  });

  it('counts an older Word file’s VML images', async () => {
    const body =
      `<w:document xmlns:w="${WORD_NAMESPACE}"><w:body>` +
      '<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rId9" o:title=""/></v:shape></w:pict></w:r></w:p>' +
      '</w:body></w:document>';
    expect(await countLeftOut(createMinimalDocx(body), 'docx')).toEqual({ comments: 0, images: 1 });
  });

  it('counts the comments of a page saved from Word and its images', async () => {
    const html =
      '<p class=MsoNormal>1. The Council recalls.<a class=msocomanchor href="#_msocom_1">[DE1]</a></p>' +
      '<p><img src="flag.png" alt="EU flag"></p>' +
      "<div style='mso-element:comment-list'><div style='mso-element:comment'><p>Delete?</p></div>" +
      '<div style="mso-element:comment"><p>Agree.</p></div></div>';
    expect(await countLeftOut(encode(html), 'html')).toEqual({ comments: 2, images: 1 });
  });

  it('leaves nothing out of Markdown, which keeps an image as the text it is written as', async () => {
    expect(await countLeftOut(encode('1. See ![the map](map.png).\n'), 'markdown')).toEqual(NOTHING_LEFT_OUT);
  });
});
