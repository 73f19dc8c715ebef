/** Limits of a customer's fields, shared by the requests and documented in the README. */
export const CUSTOMER_NAME_MAX_LENGTH = 200;
/** RFC 5321's limit for a forward path. */
export const EMAIL_MAX_LENGTH = 254;
export const STREET_MAX_LENGTH = 200;
export const CITY_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 20;
export const COUNTRY_MAX_LENGTH = 100;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
