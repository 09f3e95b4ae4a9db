import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../store/index.js';
import { describeAuditContract } from './store-contract-audit.js';
import { describeExecutionContract } from './store-contract-executions.js';
import { describeEventsContract } from './store-contract-events.js';
import { describeListingContract } from './store-contract-listing.js';
import { describeMapRunsContract } from './store-contract-map-runs.js';
import { describeRecordsContract } from './store-contract-records.js';
import { describeVersionsContract } from './store-contract-versions.js';
import type { StoreUnderTest } from './store-under-test.js';

/**
 * Registers the Store port's contract tests (vitest) for one store implementation. Every test
 * gets a fresh, empty store from `createStore` and closes it afterwards. Run it unchanged in
 * every store package:
 *
 * ```ts
 * describeStoreContract('MemoryStore', () => new MemoryStore());
 * ```
 */
export function describeStoreContract(name: string, createStore: () => Store | Promise<Store>): void {
  describe(`${name} (Store contract)`, () => {
    let current: Store | undefined;
    beforeEach(async () => {
      current = await createStore();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const subject: StoreUnderTest = {
      store: () => {
        if (current === undefined) throw new Error('The store under test is used outside a test');
        return current;
      },
    };
    describeExecutionContract(subject);
    describeEventsContract(subject);
    describeListingContract(subject);
    describeRecordsContract(subject);
    describeVersionsContract(subject);
    describeMapRunsContract(subject);
    describeAuditContract(subject);
  });
}
