import type { LambdaInvoker, Store } from '@statefold/core';
import type { ServiceApi } from './service-api.js';
import type { StoreKind } from './serve-options.js';

/** What `openService` builds the service from. */
export interface OpenServiceOptions {
  readonly store: StoreKind;
  /** The SQLite file, for the `sqlite` store. */
  readonly db: string;
  /** Runs Lambda tasks; without it a Lambda task fails as Lambda does for a missing function. */
  readonly lambda?: LambdaInvoker;
}

/** A running service with the store under it; `close` stops the engine, then closes the store. */
export interface OpenedService {
  readonly service: ServiceApi;
  /** How the start line names the store, e.g. `sqlite ./.statefold/statefold.db`. */
  readonly storeDescription: string;
  close(): Promise<void>;
}

// The parts of the workspace packages `statefold serve` wires together. They are looked up when the
// server starts so that the protocol layer builds and tests on its own while the service and stores
// are developed alongside it; a build without them fails at start with the message below.
interface StepFunctionsLike {
  recover(): Promise<void>;
  close(): Promise<void>;
}
type StepFunctionsConstructor = new (options: { readonly store: Store; readonly lambda?: LambdaInvoker }) => StepFunctionsLike;
interface CoreExports {
  readonly StepFunctions?: StepFunctionsConstructor;
}
interface MemoryStoreExports {
  readonly memoryStore?: () => Store;
}
interface SqliteStoreExports {
  readonly sqliteStore?: (options: { readonly filename: string }) => Promise<Store>;
}

/**
 * Opens the store (`memory`, or `sqlite` on `db`, creating the file), builds `StepFunctions` on it
 * with the Lambda invoker, and resumes every execution the store holds as RUNNING. Rejects when the
 * store cannot be opened (the store's error) or when the installed packages lack these exports.
 */
export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const core = (await import('@statefold/core')) as CoreExports;
  const StepFunctions = requireExport(core.StepFunctions, '@statefold/core', 'StepFunctions');
  let store: Store;
  if (options.store === 'memory') {
    const { memoryStore } = (await import('@statefold/store-memory')) as MemoryStoreExports;
    store = requireExport(memoryStore, '@statefold/store-memory', 'memoryStore')();
  } else {
    const { sqliteStore } = (await import('@statefold/store-sqlite')) as SqliteStoreExports;
    store = await requireExport(sqliteStore, '@statefold/store-sqlite', 'sqliteStore')({ filename: options.db });
  }
  try {
    const stepFunctions = new StepFunctions({ store, ...(options.lambda === undefined ? {} : { lambda: options.lambda }) });
    await stepFunctions.recover();
    return {
      service: stepFunctions as ServiceApi,
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

function requireExport<T>(value: T | undefined, packageName: string, exportName: string): T {
  if (value === undefined) throw new Error(`This build of ${packageName} does not export ${exportName}, which statefold serve needs`);
  return value;
}
