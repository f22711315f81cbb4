import { err, ok, type Result } from '@accord/model';
import { describe, expect, it } from 'vitest';
import { AuditPager } from './audit-pager';

interface Entry {
  readonly seq: number;
}

/** A log the test appends to, and a fetch whose answers the test releases one by one. */
function fakeLog(pageSize: number) {
  const log: Entry[] = [];
  const asked: { after: number; release: () => void; tag: string }[] = [];
  const fetchPage = (tag: string) => (after: number) =>
    new Promise<Result<readonly Entry[], string>>((resolve) => {
      asked.push({
        after,
        tag,
        // The answer is read when released: the log as the server has it then.
        release: () => resolve(ok(log.filter((e) => e.seq > after).slice(0, pageSize))),
      });
    });
  return { log, asked, fetchPage };
}

/** Lets the pager's `then` callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function shownBy(pageSize: number) {
  const shown: number[] = [];
  const pager = new AuditPager<Entry, string>(
    pageSize,
    (entries) => shown.push(...entries.map((e) => e.seq)),
    () => {},
  );
  return { shown, pager };
}

describe('AuditPager', () => {
  it('loads again after a page that an event overtook, from after that page: nothing twice', async () => {
    const { log, asked, fetchPage } = fakeLog(10);
    const { shown, pager } = shownBy(10);
    log.push({ seq: 1 }, { seq: 2 });
    pager.restart(fetchPage('all'));
    // An entry is written and its event arrives while the first page is on its way.
    log.push({ seq: 3 });
    pager.loadNext();
    expect(asked).toHaveLength(1);
    asked[0]?.release();
    await settle();
    expect(asked.map((a) => a.after)).toEqual([0, 3]);
    asked[1]?.release();
    await settle();
    expect(shown).toEqual([1, 2, 3]);
  });

  it('loads a new entry on notice once the log is shown to its end, even one noticed during a load', async () => {
    const { log, asked, fetchPage } = fakeLog(2);
    const { shown, pager } = shownBy(2);
    log.push({ seq: 1 });
    pager.restart(fetchPage('all'));
    // The server answers the first page before entry 2 is written; its event comes while the answer
    // is on its way.
    asked[0]?.release();
    log.push({ seq: 2 });
    pager.notice();
    await settle();
    expect(asked.map((a) => a.after)).toEqual([0, 1]);
    asked[1]?.release();
    await settle();
    expect(shown).toEqual([1, 2]);
    // Shown to its end (a short page came last): a notice loads at once.
    log.push({ seq: 3 });
    pager.notice();
    asked[2]?.release();
    await settle();
    expect(shown).toEqual([1, 2, 3]);
  });

  it('leaves later pages to be asked for: a notice while pages remain loads nothing', async () => {
    const { log, asked, fetchPage } = fakeLog(2);
    const { shown, pager } = shownBy(2);
    log.push({ seq: 1 }, { seq: 2 }, { seq: 3 });
    pager.restart(fetchPage('all'));
    asked[0]?.release();
    await settle();
    pager.notice();
    expect(asked).toHaveLength(1);
    expect(shown).toEqual([1, 2]);
  });

  it('drops a page asked for before a restart, and starts from the first entry', async () => {
    const { log, asked, fetchPage } = fakeLog(10);
    const { shown, pager } = shownBy(10);
    log.push({ seq: 1 }, { seq: 2 });
    pager.restart(fetchPage('positions'));
    pager.restart(fetchPage('revisions'));
    asked[0]?.release();
    await settle();
    expect(shown).toEqual([]);
    expect(asked.map((a) => [a.tag, a.after])).toEqual([
      ['positions', 0],
      ['revisions', 0],
    ]);
    asked[1]?.release();
    await settle();
    expect(shown).toEqual([1, 2]);
  });

  it('says whether a page was full, and reports a refusal', async () => {
    const pages: boolean[] = [];
    const errors: string[] = [];
    const pager = new AuditPager<Entry, string>(
      2,
      (_, more) => pages.push(more),
      (error) => errors.push(error),
    );
    pager.restart(async () => ok([{ seq: 1 }, { seq: 2 }]));
    await settle();
    pager.restart(async () => ok([{ seq: 1 }]));
    await settle();
    pager.restart(async () => err('forbidden'));
    await settle();
    expect(pages).toEqual([true, false]);
    expect(errors).toEqual(['forbidden']);
  });

  it('drops what is still to come once stopped', async () => {
    const { log, asked, fetchPage } = fakeLog(10);
    const { shown, pager } = shownBy(10);
    log.push({ seq: 1 });
    pager.restart(fetchPage('all'));
    pager.stop();
    asked[0]?.release();
    await settle();
    pager.loadNext();
    expect(shown).toEqual([]);
    expect(asked).toHaveLength(1);
  });
});
