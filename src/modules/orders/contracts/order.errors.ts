import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  UnprocessableError,
} from '../../../shared/errors/application-error.js';
import type { OrderStatus } from './order.response.js';

export class OrderNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`order ${id} not found`);
  }
}

export class OrderNotCancellableError extends ConflictError {
  constructor(id: string, status: OrderStatus) {
    super(`order ${id} cannot be cancelled: it is already ${status}`);
  }
}

export class OrderNotShippableError extends ConflictError {
  constructor(id: string, status: OrderStatus) {
    super(`order ${id} cannot be shipped: it is ${status}, not placed`);
  }
}

/** Another request changed the order between our read and our write (optimistic concurrency). */
export class OrderVersionConflictError extends ConflictError {
  constructor(id: string) {
    super(`order ${id} was changed by another request at the same time; read it again and retry`);
  }
}

/** An order that breaks the order's own rules, whoever sent it (HTTP, CLI, another module). */
export class InvalidOrderError extends BadRequestError {}

export class UnknownProductsError extends UnprocessableError {
  constructor(productIds: readonly string[]) {
    super(`unknown product${productIds.length > 1 ? 's' : ''}: ${productIds.join(', ')}`);
  }
}
