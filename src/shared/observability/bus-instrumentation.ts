import { HttpException, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApplicationError } from '../errors/application-error.js';
import { Metrics, type Outcome } from './metrics.js';

interface Bus {
  execute(message: object, ...rest: unknown[]): Promise<unknown>;
}

/**
 * One pipeline around the buses, instead of logging in every handler: each command and
 * query is timed, counted by outcome, and logged once with its name (the request id comes
 * with the logger's request context).
 */
@Injectable()
export class BusInstrumentation implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bus');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.instrument('command', this.commandBus);
    this.instrument('query', this.queryBus);
  }

  private instrument(kind: 'command' | 'query', bus: Bus): void {
    const execute = bus.execute.bind(bus);
    bus.execute = async (message, ...rest) => {
      const started = performance.now();
      let outcome: Outcome = 'ok';
      try {
        return await execute(message, ...rest);
      } catch (error) {
        outcome = isClientError(error) ? 'rejected' : 'error';
        throw error;
      } finally {
        const ms = performance.now() - started;
        const name = message.constructor.name;
        this.metrics.observeMessage(kind, name, outcome, ms / 1000);
        this.logger.log(
          { kind, name, outcome, durationMs: Math.round(ms * 100) / 100 },
          `${kind} ${name} ${outcome}`,
        );
      }
    };
  }
}

function isClientError(error: unknown): boolean {
  return (
    error instanceof ApplicationError || (error instanceof HttpException && error.getStatus() < 500)
  );
}
