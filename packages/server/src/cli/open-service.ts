import {
  StepFunctions,
  type LambdaInvoker,
  type MockConfigFile,
  type ServiceLimits,
  type ServiceTaskHandler,
  type Store,
} from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import type { ServiceApi } from '../http/service-api.js';
import type { StoreKind } from './serve-options.js';
import { checkDatabaseFile, describeStoreAt, openStoreAt } from './store-at.js';

export { checkDatabaseFile, EmptyDatabaseFile } from './store-at.js';

/** What `openService` builds the service from. */
export interface OpenServiceOptions {
  readonly store: StoreKind;
  /** The SQLite file (`sqlite` store) or the postgres:// URL (`postgres` store). */
  readonly db: string;
  /** Runs Lambda tasks; without it a Lambda task fails as Lambda does for a missing function. */
  readonly lambda?: LambdaInvoker;
  /** On PostgreSQL, this node's lease time (the server is always one node of possibly several). */
  readonly leaseMs?: number;
  /** Service integration handlers by resource ARN (HTTP Tasks …), beside the nested executions StepFunctions runs itself. */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  /** Quotas to enforce (a config file's `limits`); none by default. */
  readonly limits?: ServiceLimits;
  /** How long one JSONata evaluation may run; the engine's default (30 s) when absent. */
  readonly jsonataTimeoutMs?: number;
  /**
   * Receives each failure of the engine's background work, with the execution it hit, and the
   * store's (the connection that hears the other nodes, on PostgreSQL); the server logs them.
   */
  readonly onError?: (error: unknown, executionArn?: string) => void;
  /** Keep Express executions readable (`--express-history`); off by default, as on AWS. */
  readonly expressHistory?: boolean;
  /** Step Functions Local's mock configuration, already validated. */
  readonly mockConfig?: MockConfigFile;
}

/** A running service with the store under it; `close` stops the engine, then closes the store. */
export interface OpenedService {
  readonly service: ServiceApi;
  /** The store the service runs on (the console reads histories from it). */
  readonly store: Store;
  /** How the start line names the store, e.g. `sqlite ./.statefold/statefold.db` or `sqlite x.db, a new file`. */
  readonly storeDescription: string;
  /** How many RUNNING executions the service resumed on opening. */
  readonly resumedExecutions: number;
  close(): Promise<void>;
}

/**
 * Opens the store (`memory`; `sqlite` on `db`, creating the file and its directory, a zero-byte
 * file refused with `EmptyDatabaseFile`; `postgres` at the `db` URL, creating its schema), builds
 * `StepFunctions` on it with the Lambda invoker, and resumes every execution the store holds as
 * RUNNING. Rejects with the store's error when it cannot be opened; nothing stays open then.
 */
export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const file = options.store === 'sqlite' ? await checkDatabaseFile(options.db) : undefined;
  const store: Store =
    options.store === 'memory'
      ? memoryStore()
      : await openStoreAt(options.db, {
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          ...(options.onError === undefined ? {} : { onError: (error: unknown) => options.onError?.(error) }),
        });
  try {
    const stepFunctions = new StepFunctions({
      store,
      ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.jsonataTimeoutMs === undefined ? {} : { jsonata: { timeoutMs: options.jsonataTimeoutMs } }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.expressHistory === true ? { expressHistory: true } : {}),
      ...(options.mockConfig === undefined ? {} : { mockConfig: options.mockConfig }),
      ...(options.services === undefined ? {} : { services: options.services }),
    });
    const resumedExecutions = await stepFunctions.recover();
    const service: ServiceApi = stepFunctions;
    return {
      service,
      store,
      storeDescription:
        options.store === 'memory'
          ? 'memory'
          : describeStoreAt(options.db) +
            (file === 'new' ? ', a new file' : '') +
            (store.coordination === undefined ? '' : `, node ${store.coordination.nodeId}`),
      resumedExecutions,
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
