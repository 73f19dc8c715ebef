/**
 * Every endpoint of the HTTP contract (README, "HTTP API" and "Authentication") with the
 * status codes its OpenAPI document must list, and who may call it (`access`, as the route
 * declares it with @Access and the document shows it in `x-access`). Paths are written as
 * OpenAPI writes them ({id}). 413/415 go with a JSON body, 429 with every route the rate
 * limit covers (all but /health), 401/403 with every route that needs a token, 503 (database
 * unavailable or write queue full) with every route that reads or writes the database.
 */
export interface ContractEndpoint {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  statuses: number[];
  access: string[];
}

const TOKEN = [401, 403];
const UNAVAILABLE = 503;

export const CONTRACT_ENDPOINTS: ContractEndpoint[] = [
  {
    method: 'post',
    path: '/products',
    statuses: [201, 400, 409, 413, 415, 422, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  { method: 'get', path: '/products', statuses: [200, 400, 429, UNAVAILABLE], access: ['public'] },
  {
    method: 'get',
    path: '/products/{id}',
    statuses: [200, 400, 404, 429, UNAVAILABLE],
    access: ['public'],
  },
  {
    method: 'patch',
    path: '/products/{id}/price',
    statuses: [200, 400, 404, 413, 415, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'post',
    path: '/customers',
    statuses: [201, 400, 409, 413, 415, 429, UNAVAILABLE],
    access: ['public'],
  },
  {
    method: 'get',
    path: '/customers/{id}',
    statuses: [200, 400, 404, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'put',
    path: '/customers/{id}/address',
    statuses: [200, 400, 404, 413, 415, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'post',
    path: '/auth/token',
    statuses: [200, 400, 401, 413, 415, 429, UNAVAILABLE],
    access: ['public'],
  },
  {
    method: 'post',
    path: '/orders',
    statuses: [201, 400, 404, 413, 415, 422, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'get',
    path: '/orders/{id}',
    statuses: [200, 400, 404, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'post',
    path: '/orders/{id}/cancel',
    statuses: [200, 400, 404, 409, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'post',
    path: '/orders/{id}/ship',
    statuses: [200, 400, 404, 409, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'get',
    path: '/customers/{id}/orders',
    statuses: [200, 400, 404, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'get',
    path: '/me/orders',
    statuses: [200, 400, 404, 429, UNAVAILABLE, ...TOKEN],
    access: ['customer'],
  },
  {
    method: 'get',
    path: '/products/{id}/sales',
    statuses: [200, 400, 404, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'get',
    path: '/products/top-sellers',
    statuses: [200, 400, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'get',
    path: '/ops/projections',
    statuses: [200, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'get',
    path: '/ops/events',
    statuses: [200, 400, 429, UNAVAILABLE, ...TOKEN],
    access: ['staff'],
  },
  { method: 'get', path: '/metrics', statuses: [200, 429, ...TOKEN], access: ['staff'] },
  { method: 'get', path: '/health', statuses: [200, 503], access: ['public'] },
];
