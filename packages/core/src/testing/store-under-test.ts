import type { Store } from '../store/index.js';

/**
 * Hands each contract test the fresh store it runs against. A module of its own, so that the
 * contract's parts (store-contract-*.ts) and the suite that gathers them do not import each other.
 */
export interface StoreUnderTest {
  readonly store: () => Store;
}
