import {
  BadRequestError,
  ConflictError,
  NotFoundError,
} from '../../../shared/errors/application-error.js';

export class ProductNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`product ${id} not found`);
  }
}

/** A price outside what the catalog accepts, whoever sent it. */
export class InvalidPriceError extends BadRequestError {}

export class SkuTakenError extends ConflictError {
  constructor(sku: string) {
    super(`sku ${sku} is already taken`);
  }
}
