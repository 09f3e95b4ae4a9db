import { StepFunctions, type LambdaInvoker, type ServiceLimits, type Store } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import type { ServiceApi } from '../http/service-api.js';
import type { StoreKind } from './serve-options.js';
import { describeStoreAt, openStoreAt } from './store-at.js';

/** What `openService` builds the service from. */
export interface OpenServiceOptions {
  readonly store: StoreKind;
  /** The SQLite file (`sqlite` store) or the postgres:// URL (`postgres` store). */
  readonly db: string;
  /** Runs Lambda tasks; without it a Lambda task fails as Lambda does for a missing function. */
  readonly lambda?: LambdaInvoker;
  /** On PostgreSQL, this node's lease time (the server is always one node of possibly several). */
  readonly leaseMs?: number;
  /** Told of the store's background failures (the connection that hears the other nodes, on PostgreSQL). */
  readonly onError?: (error: unknown) => void;
  /** Quotas to enforce (a config file's `limits`); none by default. */
  readonly limits?: ServiceLimits;
}

/** A running service with the store under it; `close` stops the engine, then closes the store. */
export interface OpenedService {
  readonly service: ServiceApi;
  /** How the start line names the store, e.g. `sqlite ./.statefold/statefold.db`. */
  readonly storeDescription: string;
  close(): Promise<void>;
}

/**
 * Opens the store (`memory`; `sqlite` on `db`, creating the file and its directory; `postgres` at
 * the `db` URL, creating its schema), builds
 * `StepFunctions` on it with the Lambda invoker, and resumes every execution the store holds as
 * RUNNING. Rejects with the store's error when it cannot be opened; nothing stays open then.
 */
export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const store: Store =
    options.store === 'memory'
      ? memoryStore()
      : await openStoreAt(options.db, {
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        });
  try {
    const stepFunctions = new StepFunctions({
      store,
      ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    await stepFunctions.recover();
    const service: ServiceApi = stepFunctions;
    return {
      service,
      storeDescription:
        options.store === 'memory'
          ? 'memory'
          : describeStoreAt(options.db) +
            (store.coordination === undefined ? '' : `, node ${store.coordination.nodeId}`),
      close: async () => {
        try {
          await stepFunctions.close();
        } finally {
          await store.close();
        }
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
