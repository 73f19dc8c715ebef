/** The accounts DEMO=true creates at start-up (src/demo/demo-accounts.ts), and its product. */
export const DEMO_CUSTOMER = {
  email: 'demo-customer@example.org',
  password: 'demo-customer-password',
};
export const DEMO_STAFF = { email: 'demo-staff@example.org', password: 'demo-staff-password' };
export const DEMO_PRODUCT_SKU = 'DEMO-CUP';
/** "Slow down the projector": longer than READ_WAIT_MS (1 s by default), so reads fall back. */
export const SLOW_DELAY_MS = 2000;
