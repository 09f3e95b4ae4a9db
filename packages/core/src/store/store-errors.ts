// Errors of the Store port besides `AppendConflict` and `ExecutionAlreadyStored`: failures of the
// medium itself, named so that a caller (the engine, the server's CLI) can tell them apart without
// knowing which store it runs on. No driver error ever leaves a store; it arrives as one of these.

/** The store was closed; no further call succeeds. */
export class StoreClosed extends Error {
  constructor() {
    super('The store is closed');
    this.name = 'StoreClosed';
  }
}

/** A page cursor that this store did not hand out (or that belongs to another query). */
export class InvalidStoreCursor extends Error {
  constructor(
    readonly cursor: string,
    options?: ErrorOptions,
  ) {
    super(`Invalid store cursor: ${JSON.stringify(cursor)}`, options);
    this.name = 'InvalidStoreCursor';
  }
}

/** The stored schema was written by a newer version of statefold than this one; it is left untouched. */
export class StoreSchemaTooNew extends Error {
  constructor(
    /** The file name or connection the store was opened on. */
    readonly location: string,
    /** Schema migrations applied to the store that this version does not know. */
    readonly unknownMigrations: readonly string[],
  ) {
    super(
      `${location} was written by a newer statefold (unknown schema migrations: ${unknownMigrations.join(', ')}); ` +
        'upgrade statefold to open it',
    );
    this.name = 'StoreSchemaTooNew';
  }
}

/** The store's file is not a database of this store's kind, or it is corrupt. */
export class StoreFileUnreadable extends Error {
  constructor(
    readonly filename: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot read the store file ${filename}: ${reason}`, options);
    this.name = 'StoreFileUnreadable';
  }
}

/** Any other failure of the storage medium (disk full, locked for too long, I/O error); `cause` has the detail. */
export class StoreFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreFailure';
  }
}

/**
 * An append as an execution's owner found that this node no longer holds the execution's lease
 * (it expired, or another node took the execution over): the node must give the execution up.
 */
export class LeaseLost extends Error {
  constructor(readonly executionArn: string) {
    super(`This node no longer holds the lease of ${executionArn}`);
    this.name = 'LeaseLost';
  }
}
