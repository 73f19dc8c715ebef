/** A configuration value the app cannot start with; its message is one line for the operator. */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}
