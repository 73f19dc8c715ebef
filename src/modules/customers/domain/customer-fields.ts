/** Limits of a customer's fields, shared by the requests and documented in the README. */
export {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../../shared/auth/credential-limits.js';
export const CUSTOMER_NAME_MAX_LENGTH = 200;
export const STREET_MAX_LENGTH = 200;
export const CITY_MAX_LENGTH = 100;
export const POSTAL_CODE_MAX_LENGTH = 20;
export const COUNTRY_MAX_LENGTH = 100;
