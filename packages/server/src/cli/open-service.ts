import { stat } from 'node:fs/promises';
import {
  StepFunctions,
  type LambdaInvoker,
  type MockConfigFile,
  type ServiceLimits,
  type ServiceTaskHandler,
  type Store,
} from '@statefold/core';
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
  /** Service integration handlers by resource ARN (HTTP Tasks …), beside the nested executions StepFunctions runs itself. */
  readonly services?: Readonly<Record<string, ServiceTaskHandler>>;
  /** Quotas to enforce (a config file's `limits`); none by default. */
  readonly limits?: ServiceLimits;
  /** How long one JSONata evaluation may run; the engine's default (30 s) when absent. */
  readonly jsonataTimeoutMs?: number;
  /** Receives each failure of the engine's background work, with the execution it hit (the server logs it). */
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

/** A SQLite file that holds no database at all: opening it would silently start an empty one. */
export class EmptyDatabaseFile extends Error {
  constructor(readonly db: string) {
    super(
      `${db} is an empty file (0 bytes), not a statefold database; if it held data, restore it from a backup, otherwise delete it to start a new database`,
    );
    this.name = 'EmptyDatabaseFile';
  }
}

/**
 * Whether a SQLite file is there to open (`existing`) or will be created (`new`). Rejects with
 * `EmptyDatabaseFile` for a zero-byte file: a truncated or half-copied database would otherwise
 * start as an empty one, and every execution it held would be gone without a word.
 */
export async function checkDatabaseFile(db: string): Promise<'new' | 'existing'> {
  let size: number;
  try {
    ({ size } = await stat(db));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'new';
    throw error;
  }
  if (size === 0) throw new EmptyDatabaseFile(db);
  return 'existing';
}

/**
 * Opens the store (`memory`, or `sqlite` on `db`, creating the file and its directory; a zero-byte
 * file is refused with `EmptyDatabaseFile`), builds `StepFunctions` on it with the Lambda invoker,
 * and resumes every execution the store holds as RUNNING. Rejects with the store's error when it
 * cannot be opened; nothing stays open then.
 */
export async function openService(options: OpenServiceOptions): Promise<OpenedService> {
  const file = options.store === 'memory' ? undefined : await checkDatabaseFile(options.db);
  const store: Store = options.store === 'memory' ? memoryStore() : await sqliteStore({ filename: options.db });
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
        options.store === 'memory' ? 'memory' : `sqlite ${options.db}${file === 'new' ? ', a new file' : ''}`,
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
