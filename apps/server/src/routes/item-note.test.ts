import { COUNCIL_9916_17_MD } from '@accord/format/testing';
import { MEMBER_STATE_CODES } from '@accord/model';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorOf, type Kit, readSse, startKit, type TestUser } from './consensus-test-kit';

interface DocumentBody {
  id: string;
  number: string | null;
  title: string;
  metadata: Record<string, unknown>;
  blocks: { id: string; kind: string; number: string | null; text: string }[];
  footnotes: { blockId: string; number: number; text: string }[];
}

let kit: Kit;
let presidency: TestUser;
let secretariat: TestUser;
let delegates: TestUser[];
let doc: DocumentBody;
/** The fixture's annex: the draft conclusions, from their title on. */
let annex: DocumentBody['blocks'];

beforeAll(() => {
  expect(COUNCIL_9916_17_MD).toContain('DRAFT COUNCIL CONCLUSIONS');
});

beforeEach(async () => {
  kit = startKit();
  presidency = await kit.user('presidency');
  secretariat = await kit.user('secretariat');
  delegates = [];
  for (const code of MEMBER_STATE_CODES) delegates.push(await kit.user('delegate', code));
  doc = (await kit.createDocument(presidency.token, COUNCIL_9916_17_MD)) as unknown as DocumentBody;
  annex = doc.blocks.slice(doc.blocks.findIndex((b) => b.text.startsWith('DRAFT COUNCIL CONCLUSIONS')));
});

afterEach(() => kit.close());

const forward = (token: string, body: unknown, id = doc.id) =>
  kit.request('POST', `/api/documents/${id}/item-note`, token, body);

async function position(delegate: TestUser, blockId: string, position: string) {
  const response = await kit.request(
    'PUT',
    `/api/documents/${doc.id}/blocks/${blockId}/position`,
    delegate.token,
    {
      position,
    },
  );
  expect(response.status).toBe(200);
}

async function everyoneAgrees() {
  for (const block of annex) for (const delegate of delegates) await position(delegate, block.id, 'agree');
}

async function documentCount() {
  return ((await (await kit.request('GET', '/api/documents', presidency.token)).json()) as unknown[]).length;
}

const delegate = (code: string) => delegates[MEMBER_STATE_CODES.indexOf(code as never)] as TestUser;

describe('POST /api/documents/:id/item-note', () => {
  it('forwards the fixture’s agreed conclusions as an I/A item note, reservations in footnotes', async () => {
    await everyoneAgrees();
    const third = annex.find((b) => b.number === '3') as DocumentBody['blocks'][number];
    await position(delegate('NL'), third.id, 'scrutiny_reservation');
    await position(delegate('DE'), third.id, 'scrutiny_reservation');
    await position(delegate('HU'), third.id, 'abstain');
    // The Commission's reservation does not hold the text back, and is recorded with the others.
    const commission = await kit.user('observer', 'COM');
    const reserved = await kit.request(
      'PUT',
      `/api/documents/${doc.id}/blocks/${third.id}/commission-reservation`,
      commission.token,
      { position: 'reservation' },
    );
    expect(reserved.status).toBe(200);

    const watching = await kit.request('GET', `/api/documents/${doc.id}/events`, delegates[0]?.token ?? '');
    const stream = readSse(watching);
    await vi.waitFor(() => expect(stream.events[0]?.event).toBe('ready'));
    // And the list of documents, open elsewhere.
    const list = readSse(await kit.request('GET', '/api/events', delegates[1]?.token ?? ''));
    await vi.waitFor(() => expect(list.events[0]?.event).toBe('ready'));

    const response = await forward(secretariat.token, { number: '10234/17' });
    expect(response.status).toBe(201);
    const note = (await response.json()) as DocumentBody;
    // The text's own record says where it went: its log, and its open screens, live.
    const log = (await (
      await kit.request('GET', `/api/documents/${doc.id}/audit`, presidency.token)
    ).json()) as {
      action: string;
      actor: { name: string };
      summary: string;
    }[];
    expect(log.at(-1)).toMatchObject({
      action: 'document.forwarded',
      actor: { name: 'secretariat' },
      summary: '9916/17 forwarded as the I/A item note 10234/17',
    });
    await vi.waitFor(() =>
      expect(stream.events.at(-1)).toMatchObject({
        event: 'forwarded',
        data: { id: note.id, number: '10234/17' },
      }),
    );
    await stream.close();
    await vi.waitFor(() =>
      expect(list.events.slice(1)).toEqual([
        expect.objectContaining({
          event: 'created',
          data: { id: note.id, number: '10234/17', title: note.title },
        }),
        // The text's entry now names the note.
        expect.objectContaining({ event: 'changed', data: { id: doc.id, fields: ['forwardedAs'] } }),
      ]),
    );
    await list.close();
    expect(note.number).toBe('10234/17');
    expect(note.metadata).toMatchObject({
      number: '10234/17',
      place: 'Brussels',
      date: '7 June 2017',
      type: "'I/A' ITEM NOTE",
      from: 'General Secretariat of the Council',
      to: 'Permanent Representatives Committee/Council',
      previous: ['9916/17'],
      codes: ['CYBER 91', 'RELEX 482', 'POLMIL 58', 'CFSP/PESC 476'],
      subject: `${doc.title}\n- Adoption`,
    });
    // A cover of two points (and a line on the reservations), then the annex as agreed.
    expect(note.blocks.slice(0, 3).map((b) => [b.number, b.text.slice(0, 52)])).toEqual([
      ['1', 'Delegations examined the draft Council Conclusions o'],
      // The Commission is no delegation: named apart.
      [null, 'The reservations that delegations and the Commission'],
      ['2', 'Against this background, the Permanent Representativ'],
    ]);
    // The annex as agreed, under the label the cover's "as set out in the Annex" points to.
    expect(note.blocks.slice(3).map((b) => [b.kind, b.number, b.text])).toEqual([
      ['heading', null, 'ANNEX'],
      ...annex.map((b) => [b.kind, b.number, b.text]),
    ]);
    expect(note.footnotes.map((f) => [f.number, f.text])).toEqual([
      [1, '12109/13.'],
      [2, '6122/15.'],
      [3, 'DE, NL: scrutiny reservation. COM: reservation.'],
      [4, 'A/68/98 and A/70/174.'],
      [5, 'PC.DEC/1106 of 3 December 2013 and PC.DEC/1202 of 10 March 2016.'],
    ]);
    expect(note.footnotes[2]?.blockId).toBe(note.blocks[4 + annex.indexOf(third)]?.id);

    // A document of its own, stored: listed, and read back from its live text.
    const listed = (await (
      await kit.request('GET', '/api/documents', presidency.token)
    ).json()) as DocumentBody[];
    expect(listed.map((d) => d.number)).toEqual(['9916/17', '10234/17']);
    const read = (await (
      await kit.request('GET', `/api/documents/${note.id}`, delegates[0]?.token ?? '')
    ).json()) as DocumentBody;
    expect(read.blocks).toEqual(note.blocks);
    expect(read.metadata).toEqual(note.metadata);
  });

  it('opens the note’s own history with its making: who forwarded which text, linked to it', async () => {
    await everyoneAgrees();
    const response = await forward(secretariat.token, { number: '10234/17' });
    expect(response.status).toBe(201);
    const note = (await response.json()) as DocumentBody;
    const log = (await (
      await kit.request('GET', `/api/documents/${note.id}/audit`, secretariat.token)
    ).json()) as unknown[];
    expect(log).toEqual([
      expect.objectContaining({
        action: 'item-note.created',
        actor: expect.objectContaining({ name: 'secretariat', role: 'secretariat' }),
        blockId: null,
        summary: 'made as the I/A item note 10234/17 forwarding 9916/17',
        details: { forwardedId: doc.id, previous: '9916/17' },
      }),
    ]);
    // Narrowed to revisions and item notes, as the history screen asks, it is there too.
    const narrowed = (await (
      await kit.request(
        'GET',
        `/api/documents/${note.id}/audit?action=revision.issued,document.forwarded,item-note.created`,
        secretariat.token,
      )
    ).json()) as unknown[];
    expect(narrowed).toHaveLength(1);
  });

  it('tells every reader of the text which note it went forward as, and the note which text it forwards', async () => {
    const opened = async (id: string) =>
      (await (await kit.request('GET', `/api/documents/${id}`, delegate('PL').token)).json()) as {
        forwardedAs: unknown[];
        forwards: unknown;
      };
    expect(await opened(doc.id)).toMatchObject({ forwardedAs: [], forwards: null });
    await everyoneAgrees();
    const first = (await (await forward(secretariat.token, { number: '10234/17' })).json()) as DocumentBody;
    const second = (await (await forward(secretariat.token, { number: '10235/17' })).json()) as DocumentBody;
    // A delegate, who may not read the audit log, learns it from the document itself.
    expect(await opened(doc.id)).toEqual(
      expect.objectContaining({
        forwardedAs: [
          { id: first.id, number: '10234/17', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
          { id: second.id, number: '10235/17', at: expect.any(String) },
        ],
        forwards: null,
      }),
    );
    expect(await opened(first.id)).toMatchObject({
      forwardedAs: [],
      forwards: { id: doc.id, previous: '9916/17' },
    });
    // The list says it too: a note's title is its text's.
    const listed = (await (await kit.request('GET', '/api/documents', delegate('PL').token)).json()) as {
      number: string;
      forwardedAs: { number: string }[];
      forwards: { previous: string } | null;
    }[];
    expect(
      listed.map((d) => [d.number, d.forwardedAs.map((note) => note.number), d.forwards?.previous ?? null]),
    ).toEqual([
      ['9916/17', ['10234/17', '10235/17'], null],
      ['10234/17', [], '9916/17'],
      ['10235/17', [], '9916/17'],
    ]);
  });

  it('changes nothing in the text’s consensus report, so a room hearing `forwarded` has nothing to read again', async () => {
    await everyoneAgrees();
    await position(delegate('DE'), annex[1]?.id as string, 'scrutiny_reservation');
    const report = async () =>
      (await kit.request('GET', `/api/documents/${doc.id}/consensus`, delegate('PL').token)).json();
    const before = await report();
    expect((await forward(secretariat.token, { number: '10234/17' })).status).toBe(201);
    expect(await report()).toEqual(before);
  });

  it('cites the last revision as the previous document and takes the date as written', async () => {
    await everyoneAgrees();
    // Issuing REV 1 does not change the text, so everyone's agreement stands.
    expect(
      (await kit.request('POST', `/api/documents/${doc.id}/revisions`, presidency.token, {})).status,
    ).toBe(201);
    const response = await forward(presidency.token, { number: 'ST 10234 2017 INIT', date: '8 June 2017' });
    expect(response.status).toBe(201);
    const note = (await response.json()) as DocumentBody;
    // The number as the register writes it, in the form it was given.
    expect([note.number, note.metadata.previous, note.metadata.date]).toEqual([
      'ST 10234 2017 INIT',
      ['9916/1/17 REV 1'],
      '8 June 2017',
    ]);
    expect(note.blocks.some((b) => b.text.startsWith('The reservations'))).toBe(false);
  });

  it.each([
    ['2017-06-08', 201, '8 June 2017'],
    ['8 june 2017', 201, '8 June 2017'],
    ['tomorrow', 400, null],
    ['8/6/2017', 400, null],
    ['31 April 2017', 400, null],
  ])(
    'reads the date %s as a revision’s is read: written the Council’s way, or refused',
    async (date, status, written) => {
      await everyoneAgrees();
      const response = await forward(secretariat.token, { number: '10234/17', date });
      expect(response.status).toBe(status);
      if (written !== null) {
        expect(((await response.json()) as DocumentBody).metadata.date).toBe(written);
        return;
      }
      const refusal = await errorOf(response);
      expect(refusal.code).toBe('invalid-date');
      expect(refusal.message).toMatch(/^date: /);
      expect(await documentCount()).toBe(1);
    },
  );

  it('cites the number the header gives a text created without one, and no number when there is none', async () => {
    const markdown =
      '**Subject:** Draft Council conclusions on cyber diplomacy\n\n---\n\n1. The EU recalls.\n';
    const agreedText = async () => {
      const text = (await kit.createDocument(presidency.token, markdown)) as unknown as DocumentBody;
      expect(text.number).toBeNull();
      for (const delegate of delegates) {
        const put = await kit.request(
          'PUT',
          `/api/documents/${text.id}/blocks/${text.blocks[0]?.id}/position`,
          delegate.token,
          { position: 'agree' },
        );
        expect(put.status).toBe(200);
      }
      return text;
    };
    // No number anywhere: the note says what it can, and never "INIT" as if it were a number.
    const bare = await agreedText();
    const note = (await (
      await forward(presidency.token, { number: '10234/17' }, bare.id)
    ).json()) as DocumentBody;
    expect(note.metadata.previous).toEqual([]);
    expect(note.blocks[0]?.text).toBe(
      'Delegations examined the draft Council conclusions on cyber diplomacy and reached agreement on the text set out in the Annex.',
    );
    const log = (await (
      await kit.request('GET', `/api/documents/${bare.id}/audit`, presidency.token)
    ).json()) as { summary: string }[];
    expect(log.at(-1)?.summary).toBe('the text forwarded as the I/A item note 10234/17');

    // A number typed in the header since: the note cites it, in the revision issued last.
    const numbered = await agreedText();
    await kit.documents.edit(
      numbered.id,
      (ydoc) => {
        ydoc.getMap('meta').set('number', '7923/17');
      },
      { userId: presidency.id, delegation: null },
    );
    expect(
      (await kit.request('POST', `/api/documents/${numbered.id}/revisions`, presidency.token, {})).status,
    ).toBe(201);
    const second = (await (
      await forward(presidency.token, { number: '10235/17' }, numbered.id)
    ).json()) as DocumentBody;
    expect(second.metadata.previous).toEqual(['7923/1/17 REV 1']);
  });

  it('refuses a text that is not agreed (409), naming the paragraph, and creates nothing', async () => {
    expect(await errorOf(await forward(presidency.token, { number: '10234/17' }))).toEqual({
      status: 409,
      code: 'not-agreed',
      message:
        `Annex, heading has no position on its current text from 27 Member States (${MEMBER_STATE_CODES.join(', ')}). ` +
        // The others in the way follow, so the chair clears them all before asking again.
        'Also not agreed: Annex, second heading; Annex, paragraph 1; Annex, paragraph 1, second subparagraph; ' +
        'Annex, paragraph 1, third subparagraph; Annex, paragraph 2; Annex, paragraph 2, second subparagraph; ' +
        'Annex, paragraph 3; Annex, paragraph 3, second subparagraph; Annex, paragraph 3, third subparagraph; ' +
        'Annex, paragraph 4 and 8 more',
    });
    await everyoneAgrees();
    const fourth = annex.find((b) => b.number === '4') as DocumentBody['blocks'][number];
    await position(delegate('FR'), fourth.id, 'oppose');
    expect(await errorOf(await forward(presidency.token, { number: '10234/17' }))).toMatchObject({
      status: 409,
      message: 'Annex, paragraph 4 is opposed (FR)',
    });
    expect(await documentCount()).toBe(1);
  });

  it('refuses a number that is already a document’s, however written (409)', async () => {
    await everyoneAgrees();
    const taken = await forward(presidency.token, { number: 'ST 9916 2017 INIT' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({
      error: {
        code: 'number-taken',
        message: `number: ST 9916 2017 INIT is already the number of “${doc.title}” (9916/17)`,
        // Titles repeat: the id is what a script goes on with.
        holder: { id: doc.id, number: '9916/17', title: doc.title },
      },
    });
    expect((await forward(presidency.token, { number: '10234/17' })).status).toBe(201);
    expect(await errorOf(await forward(presidency.token, { number: '10234/1/17 REV 1' }))).toMatchObject({
      status: 409,
      code: 'number-taken',
    });
    expect(await documentCount()).toBe(2);
  });

  it('makes one note of two forwardings at once under the same number, refusing the other (409)', async () => {
    await everyoneAgrees();
    const answers = await Promise.all([
      forward(presidency.token, { number: '10234/17' }),
      forward(secretariat.token, { number: 'ST 10234 2017 INIT' }),
    ]);
    expect(answers.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(await documentCount()).toBe(2);
  });

  it.each([
    ['a delegate', 'delegate'],
    ['an observer', 'observer'],
    ['an archivist', 'archivist'],
  ])('refuses %s (403)', async (_, role) => {
    await everyoneAgrees();
    const user =
      role === 'delegate' ? delegate('FR') : await kit.user(role, role === 'observer' ? 'COM' : undefined);
    expect((await forward(user.token, { number: '10234/17' })).status).toBe(403);
    expect(await documentCount()).toBe(1);
  });

  it.each<[string, unknown, number, string]>([
    ['no number', {}, 400, 'number'],
    ['a bare suffix for a number', { number: 'ADD 1' }, 400, 'number'],
    ['a number the register cannot read', { number: 'twelve' }, 400, 'number'],
    ['a date longer than the limit', { number: '10234/17', date: 'x'.repeat(101) }, 413, 'date'],
    ['a delegation field', { number: '10234/17', delegation: 'FR' }, 400, 'delegation'],
  ])('refuses %s with a message naming the field', async (_, body, status, field) => {
    const error = await errorOf(await forward(presidency.token, body));
    expect(error.status).toBe(status);
    expect(error.message).toContain(field);
    expect(await documentCount()).toBe(1);
  });

  it('keeps the reservations in the note’s footnotes when its Word file comes back as a revision', async () => {
    // The Secretariat completes the cover in Word and uploads it: the footnotes of reservations are the
    // note's text (the positions standing when the text went forward, which nobody takes on the note).
    await everyoneAgrees();
    const third = annex.find((b) => b.number === '3') as DocumentBody['blocks'][number];
    await position(delegate('DE'), third.id, 'scrutiny_reservation');
    await position(delegate('HU'), doc.blocks[0]?.id ?? '', 'agree');
    expect(
      (
        await kit.request('PUT', `/api/documents/${doc.id}/position`, delegate('HU').token, {
          position: 'parliamentary_scrutiny_reservation',
        })
      ).status,
    ).toBe(200);
    const note = (await (await forward(secretariat.token, { number: '10234/17' })).json()) as DocumentBody;
    const reservations = ['HU: general parliamentary scrutiny reservation.', 'DE: scrutiny reservation.'];
    expect(note.footnotes.map((f) => f.text)).toEqual(expect.arrayContaining(reservations));

    const word = await kit.request('GET', `/api/documents/${note.id}/export?format=docx`, secretariat.token);
    expect(word.status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([await word.arrayBuffer()]), '10234-17.docx');
    const issued = await kit.app.request(`/api/documents/${note.id}/revisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretariat.token}` },
      body: form,
    });
    expect(issued.status).toBe(201);
    expect(((await issued.json()) as { upload: unknown }).upload).toEqual({
      matched: note.blocks.length,
      added: 0,
      removed: 0,
      positionFootnotesDropped: 0,
      leftOut: { comments: 0, images: 0 },
    });
    const read = (await (
      await kit.request('GET', `/api/documents/${note.id}`, secretariat.token)
    ).json()) as DocumentBody;
    expect(read.footnotes.map((f) => [f.blockId, f.text])).toEqual(
      note.footnotes.map((f) => [f.blockId, f.text]),
    );

    // Body-only Markdown keeps the note's header, and so its footnotes of reservations too.
    const markdown = await kit.request(
      'GET',
      `/api/documents/${note.id}/export?format=md`,
      secretariat.token,
    );
    const body = (await markdown.text()).split('- Adoption')[1]?.replace(/^\s*---\s*/, '') ?? '';
    const again = await kit.request('POST', `/api/documents/${note.id}/revisions`, secretariat.token, {
      markdown: body,
    });
    expect(again.status).toBe(201);
    expect(
      ((await again.json()) as { upload: { positionFootnotesDropped: number } }).upload
        .positionFootnotesDropped,
    ).toBe(0);
  });

  it('answers 404 for a document that does not exist', async () => {
    expect((await errorOf(await forward(presidency.token, { number: '10234/17' }, 'nope'))).status).toBe(404);
  });
});
