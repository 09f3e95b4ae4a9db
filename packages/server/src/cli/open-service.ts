import { StepFunctions, type LambdaInvoker, type ServiceLimits, type Store } from '@statefold/core';
import { memoryStore } from '@statefold/store-memory';
import { sqliteStore } from '@statefold/store-sqlite';
import type { ServiceApi } from '../http/service-api.js';
import type { StoreKind } from './serve-options.js';

/** What `openService` builds the service from. */
export interface OpenServiceOptions {
  readonly store: StoreKind;
  /** The SQLite file, for the `sqlite` store. */
  readonly db: string;
  /** Runs Lambda tasks; without it a Lambda task fails as Lambda does for a missing function. */
  readonly lambda?: LambdaInvoker;
  /** Quotas to enforce (a config file's `limits`); none by default. */
  readonly limits?: ServiceLimits;
  /** How long one JSONata evaluation may run; the engine's default (30 s) when absent. */
  readonly jsonataTimeoutMs?: number;
}

/** A running service with the store under it; `close` stops the engine, then closes the store. */
export interface OpenedService {
  readonly service: ServiceApi;
  /** The store the service runs on (the console reads histories from it). */
  readonly store: Store;
  /** How the start line names the store, e.g. `sqlite ./.statefold/statefold.db`. */
  readonly storeDescription: string;
  close(): Promise<void>;
}

/**
 * Opens the store (`memory`, or `sqlite` on `db`, creating the file and its directory), builds
 * `StepFunctions` on it with the Lambda invoker, and resumes every execution the store holds as
 * RUNNING. Rejects with the store's error when it cannot be opened; nothing stays open then.
 */
export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const store: Store = options.store === 'memory' ? memoryStore() : await sqliteStore({ filename: options.db });
  try {
    const stepFunctions = new StepFunctions({
      store,
      ...(options.lambda === undefined ? {} : { lambda: options.lambda }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.jsonataTimeoutMs === undefined ? {} : { jsonata: { timeoutMs: options.jsonataTimeoutMs } }),
    });
    await stepFunctions.recover();
    const service: ServiceApi = stepFunctions;
    return {
      service,
      store,
      storeDescription: options.store === 'memory' ? 'memory' : `sqlite ${options.db}`,
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
