import { Injectable, Logger } from '@nestjs/common';
import { ConflictError } from '../shared/errors/application-error.js';
import { ProjectionRebuilder } from '../shared/projections/projection-rebuilder.js';
import { ProjectionRunner } from '../shared/projections/projection-runner.js';

export interface RebuildState {
  running: boolean;
  /** Events applied to the view so far, and the log's length when the rebuild started. */
  applied: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export class RebuildRunningError extends ConflictError {
  constructor() {
    super('a rebuild is running already: wait for it to finish');
  }
}

/**
 * "Rebuild the view", from the page: every projection rebuilt from position 0 of the log
 * in the background (ProjectionRebuilder, as the CLI does it), its progress kept for the
 * page to show while commands keep working.
 */
@Injectable()
export class DemoRebuild {
  private readonly logger = new Logger(DemoRebuild.name);
  private state: RebuildState | null = null;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly rebuilder: ProjectionRebuilder,
  ) {}

  get current(): RebuildState | null {
    return this.state === null ? null : { ...this.state };
  }

  /** Starts it and answers at once; the page follows `current`. */
  start(): RebuildState {
    if (this.state?.running) throw new RebuildRunningError();
    const state: RebuildState = {
      running: true,
      applied: 0,
      total: 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.state = state;
    void this.run(state);
    return { ...state };
  }

  private async run(state: RebuildState): Promise<void> {
    try {
      for (const projection of this.runner.projections) {
        await this.rebuilder.rebuild(projection, ({ applied, total }) => {
          state.applied = applied;
          state.total = total;
        });
      }
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
      this.logger.warn(`the demo's rebuild failed: ${state.error}`);
    } finally {
      state.running = false;
      state.finishedAt = new Date().toISOString();
    }
  }
}
