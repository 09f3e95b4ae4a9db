import type { PendingEffect } from '../execution/index.js';
import type { ExecutionSummary, MapRunRecord } from '../store/index.js';
import { MapRunDriver, type MapRunDriverContext } from './map-run-driver.js';
import type { Clock } from './ports.js';

/**
 * The engine's Map Runs in progress: one driver per Map Run whose parent waits for it, and which
 * driver each child execution reports its end to.
 */
export class MapRuns {
  readonly #context: MapRunDriverContext;
  readonly #shuttingDown: () => boolean;
  readonly #drivers = new Map<string, MapRunDriver>();
  readonly #childOwners = new Map<string, { readonly driver: MapRunDriver; readonly index: number }>();

  constructor(context: Omit<MapRunDriverContext, 'background'>, clock: Clock, shuttingDown: () => boolean) {
    this.#context = {
      ...context,
      // Failures are reported, and the clock tracks the work (a test's clock waits for it to settle).
      background: (work) => {
        const reported = work.catch((error: unknown) => context.onError(error));
        clock.track?.(reported);
      },
    };
    this.#shuttingDown = shuttingDown;
  }

  /** Arms a parent's `map-run` effect: starts (or resumes) its driver. Returns the effect's cancel. */
  arm(parentArn: string, effect: Extract<PendingEffect, { kind: 'map-run' }>): () => void {
    const mapRunArn = effect.mapRun.mapRunArn;
    const existing = this.#drivers.get(mapRunArn);
    const driver = existing ?? new MapRunDriver(this.#context, parentArn, effect.mapRun);
    if (existing === undefined) {
      this.#drivers.set(mapRunArn, driver);
      // Registered before the driver reads the store, so no child's end can fall between the two.
      for (let index = 0; index < effect.mapRun.inputs.length; index++)
        this.#childOwners.set(driver.names.childArn(index), { driver, index });
      this.#context.background(driver.start());
    }
    return () => this.#release(driver);
  }

  /** A child execution appended its last event. */
  childEnded(summary: ExecutionSummary): void {
    const owner = this.#childOwners.get(summary.executionArn);
    owner?.driver.childEnded(owner.index, summary);
  }

  /** UpdateMapRun stored new limits for a run this engine may be driving. */
  updated(record: MapRunRecord): void {
    this.#drivers.get(record.mapRunArn)?.reconfigure(record);
  }

  #release(driver: MapRunDriver): void {
    if (this.#drivers.get(driver.mapRun.mapRunArn) !== driver) return;
    this.#drivers.delete(driver.mapRun.mapRunArn);
    for (let index = 0; index < driver.mapRun.inputs.length; index++)
      this.#childOwners.delete(driver.names.childArn(index));
    this.#context.background(driver.stop(this.#shuttingDown()));
  }
}
