declare const holds: unique symbol;

/**
 * A value already serialized to JSON, typed by what it holds. A read model that stores
 * its answer as JSON can hand it on as is: parsing it only to serialize it again was a
 * third of a view read's CPU (bench/, see ADR 0008). Controllers send it unchanged.
 */
export type JsonText<T> = string & { readonly [holds]: T };

export function toJsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** For in-process callers and tests that need the value itself. */
export function parseJsonText<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}
