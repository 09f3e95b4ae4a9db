import { describe, expect, it } from 'vitest';
import type { ExecutionQuery, ExecutionSummary, Page, PageRequest } from '../store/index.js';
import { InvalidStoreCursor } from '../store/index.js';
import type { StoreUnderTest } from './store-under-test.js';
import { executionArn, executionSummary, historyEvents, isoAt, stateMachineArn } from './store-test-data.js';

/** Follows cursors from the first page to the last, collecting every item. */
export async function collectPages<T>(
  limit: number,
  fetchPage: (request: PageRequest) => Promise<Page<T>>,
): Promise<{ readonly items: readonly T[]; readonly pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor === undefined ? { limit } : { limit, cursor });
    pages += 1;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { items, pages };
}

/** listExecutions and listOpenExecutions: order, filters and keyset pagination. */
export function describeListingContract({ store }: StoreUnderTest): void {
  const execution = (machine: string, name: string, startOffsetMs: number, overrides: Partial<ExecutionSummary> = {}) =>
    executionSummary({
      executionArn: executionArn(machine, name),
      stateMachineArn: stateMachineArn(machine),
      name,
      startDate: isoAt(startOffsetMs),
      ...overrides,
    });
  const create = async (...summaries: ExecutionSummary[]): Promise<void> => {
    for (const summary of summaries) await store().createExecution(summary, historyEvents(1, 1));
  };
  const names = (summaries: readonly ExecutionSummary[]): string[] => summaries.map((summary) => summary.name);
  const query = (machine: string, extra: Partial<ExecutionQuery> = {}): ExecutionQuery => ({
    stateMachineArn: stateMachineArn(machine),
    limit: 100,
    ...extra,
  });

  // Seven executions of Alpha (two pairs share a start date) and two of Beta.
  const seed = async (): Promise<void> => {
    await create(
      execution('Alpha', 'a1', 1000),
      execution('Alpha', 'a2', 2000, { status: 'SUCCEEDED', stopDate: isoAt(2500), output: '{}' }),
      execution('Alpha', 'a3', 3000),
      execution('Alpha', 'a4', 3000, { status: 'FAILED', stopDate: isoAt(3500), error: 'E' }),
      execution('Alpha', 'a5', 5000),
      execution('Beta', 'b1', 1500),
      execution('Alpha', 'a6', 5000, { status: 'SUCCEEDED', stopDate: isoAt(5500), output: '{}' }),
      execution('Beta', 'b2', 6000, { status: 'ABORTED', stopDate: isoAt(6500) }),
      execution('Alpha', 'a7', 7000),
    );
  };
  const alphaNewestFirst = ['a7', 'a6', 'a5', 'a4', 'a3', 'a2', 'a1'];

  describe('listExecutions', () => {
    it('lists one state machine’s executions newest first, ties broken by ARN descending', async () => {
      await seed();
      const page = await store().listExecutions(query('Alpha'));
      expect(names(page.items)).toEqual(alphaNewestFirst);
      expect(page.cursor).toBeUndefined();
      expect(page.items[0]).toEqual(execution('Alpha', 'a7', 7000));
    });

    it('filters by status', async () => {
      await seed();
      expect(names((await store().listExecutions(query('Alpha', { status: 'RUNNING' }))).items)).toEqual([
        'a7',
        'a5',
        'a3',
        'a1',
      ]);
      expect(names((await store().listExecutions(query('Alpha', { status: 'SUCCEEDED' }))).items)).toEqual([
        'a6',
        'a2',
      ]);
      expect(names((await store().listExecutions(query('Beta', { status: 'ABORTED' }))).items)).toEqual(['b2']);
      expect((await store().listExecutions(query('Beta', { status: 'TIMED_OUT' }))).items).toEqual([]);
    });

    it('filters by whether an execution was redriven, paging over the kept ones only', async () => {
      await create(
        execution('Alpha', 'r1', 1000, { redriveCount: 1, redriveDate: isoAt(1500), redrivable: true }),
        execution('Alpha', 'n1', 2000),
        execution('Alpha', 'r2', 3000, { status: 'FAILED', stopDate: isoAt(3500), redriveCount: 2 }),
        execution('Alpha', 'n2', 4000, { status: 'FAILED', stopDate: isoAt(4500), redrivable: true }),
      );
      const redriven = await collectPages(1, (page) =>
        store().listExecutions({ ...query('Alpha', { redriven: true }), ...page }),
      );
      expect(names(redriven.items)).toEqual(['r2', 'r1']);
      expect(redriven.pages).toBe(2);
      expect(redriven.items[1]).toEqual(
        execution('Alpha', 'r1', 1000, { redriveCount: 1, redriveDate: isoAt(1500), redrivable: true }),
      );
      expect(names((await store().listExecutions(query('Alpha', { redriven: false }))).items)).toEqual(['n2', 'n1']);
      expect(names((await store().listExecutions(query('Alpha', { redriven: true, status: 'FAILED' }))).items)).toEqual(
        ['r2'],
      );
    });

    it('answers an empty page for a state machine without executions', async () => {
      await seed();
      const page = await store().listExecutions(query('Gamma'));
      expect(page.items).toEqual([]);
      expect(page.cursor).toBeUndefined();
    });

    it('pages through cursors without duplicates or gaps', async () => {
      await seed();
      for (const limit of [1, 2, 3, 7, 8]) {
        const { items, pages } = await collectPages(limit, (page) =>
          store().listExecutions({ ...query('Alpha'), ...page }),
        );
        expect(names(items)).toEqual(alphaNewestFirst);
        expect(pages).toBe(Math.max(1, Math.ceil(7 / limit)));
      }
    });

    it('pages through a status filter', async () => {
      await seed();
      const { items } = await collectPages(1, (page) =>
        store().listExecutions({ ...query('Alpha', { status: 'RUNNING' }), ...page }),
      );
      expect(names(items)).toEqual(['a7', 'a5', 'a3', 'a1']);
    });

    it('gives no cursor when the last page is exactly full', async () => {
      await seed();
      const first = await store().listExecutions(query('Alpha', { status: 'RUNNING', limit: 2 }));
      expect(first.cursor).toBeDefined();
      const second = await store().listExecutions(
        query('Alpha', { status: 'RUNNING', limit: 2, cursor: first.cursor ?? '' }),
      );
      expect(names(second.items)).toEqual(['a3', 'a1']);
      expect(second.cursor).toBeUndefined();
    });

    it('neither repeats nor skips executions when a newer one starts between two pages', async () => {
      await seed();
      const first = await store().listExecutions(query('Alpha', { limit: 3 }));
      await create(execution('Alpha', 'a8', 9000));
      const rest: ExecutionSummary[] = [];
      for (let cursor = first.cursor; cursor !== undefined; ) {
        const page = await store().listExecutions(query('Alpha', { limit: 3, cursor }));
        rest.push(...page.items);
        cursor = page.cursor;
      }
      expect([...names(first.items), ...names(rest)]).toEqual(alphaNewestFirst);
    });

    it('moves an execution between status filters when an append changes its status', async () => {
      await seed();
      const a5 = execution('Alpha', 'a5', 5000);
      await store().append(a5.executionArn, 1, historyEvents(2, 1), {
        ...a5,
        status: 'SUCCEEDED',
        stopDate: isoAt(8000),
        output: '{}',
        lastEventId: 2,
      });
      expect(names((await store().listExecutions(query('Alpha', { status: 'RUNNING' }))).items)).toEqual([
        'a7',
        'a3',
        'a1',
      ]);
      expect(names((await store().listExecutions(query('Alpha', { status: 'SUCCEEDED' }))).items)).toEqual([
        'a6',
        'a5',
        'a2',
      ]);
      expect(names((await store().listExecutions(query('Alpha'))).items)).toEqual(alphaNewestFirst);
    });

    it('rejects a cursor it did not hand out with InvalidStoreCursor', async () => {
      await seed();
      await expect(store().listExecutions(query('Alpha', { cursor: 'not a cursor' }))).rejects.toBeInstanceOf(
        InvalidStoreCursor,
      );
    });
  });

  describe('listOpenExecutions', () => {
    it('lists only RUNNING executions of every state machine, oldest first', async () => {
      await seed();
      await create(execution('Beta', 'b3', 500));
      const page = await store().listOpenExecutions({ limit: 100 });
      expect(names(page.items)).toEqual(['b3', 'a1', 'b1', 'a3', 'a5', 'a7']);
      expect(page.cursor).toBeUndefined();
    });

    it('pages through open executions without duplicates or gaps', async () => {
      await seed();
      for (const limit of [1, 2, 5]) {
        const { items } = await collectPages(limit, (page) => store().listOpenExecutions(page));
        expect(names(items)).toEqual(['a1', 'b1', 'a3', 'a5', 'a7']);
      }
    });

    it('drops an execution once an append ends it', async () => {
      await seed();
      const a3 = execution('Alpha', 'a3', 3000);
      await store().append(a3.executionArn, 1, historyEvents(2, 1), {
        ...a3,
        status: 'TIMED_OUT',
        stopDate: isoAt(9000),
        lastEventId: 2,
      });
      expect(names((await store().listOpenExecutions({ limit: 100 })).items)).toEqual(['a1', 'b1', 'a5', 'a7']);
    });

    it('answers an empty page when nothing runs', async () => {
      const page = await store().listOpenExecutions({ limit: 10 });
      expect(page).toEqual({ items: [] });
    });
  });
}
