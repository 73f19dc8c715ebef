/**
 * The limits of an account's credentials, customer or staff alike: registration, login and
 * `staff:create` check them, in characters (code points).
 */
/** RFC 5321's limit for a forward path. */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
