/** What a command needs to be idempotent: the client's key and a digest of its request. */
export interface IdempotencyRequest {
  key: string;
  /** sha256 of the method, route and body: the same key with another request is refused. */
  fingerprint: string;
}
