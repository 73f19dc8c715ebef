/**
 * Every endpoint of the HTTP contract (DESIGN.md, "HTTP contract" and "Access") with the
 * status codes its OpenAPI document must list, and who may call it (`access`, as the route
 * declares it with @Access and the document shows it in `x-access`). Paths are written as
 * OpenAPI writes them ({id}). 413/415 go with a JSON body, 429 with every route the rate
 * limit covers (all but /health), 401/403 with every route that needs a token.
 */
export interface ContractEndpoint {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  statuses: number[];
  access: string[];
}

const TOKEN = [401, 403];

export const CONTRACT_ENDPOINTS: ContractEndpoint[] = [
  {
    method: 'post',
    path: '/products',
    statuses: [201, 400, 409, 413, 415, 422, 429, ...TOKEN],
    access: ['staff'],
  },
  { method: 'get', path: '/products', statuses: [200, 400, 429], access: ['public'] },
  { method: 'get', path: '/products/{id}', statuses: [200, 400, 404, 429], access: ['public'] },
  {
    method: 'patch',
    path: '/products/{id}/price',
    statuses: [200, 400, 404, 413, 415, 429, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'post',
    path: '/customers',
    statuses: [201, 400, 409, 413, 415, 422, 429],
    access: ['public'],
  },
  {
    method: 'get',
    path: '/customers/{id}',
    statuses: [200, 400, 404, 429, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'put',
    path: '/customers/{id}/address',
    statuses: [200, 400, 404, 413, 415, 429, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'post',
    path: '/auth/token',
    statuses: [200, 400, 401, 413, 415, 429],
    access: ['public'],
  },
  {
    method: 'post',
    path: '/orders',
    statuses: [201, 400, 404, 413, 415, 422, 429, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'get',
    path: '/orders/{id}',
    statuses: [200, 400, 404, 429, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'post',
    path: '/orders/{id}/cancel',
    statuses: [200, 400, 404, 409, 429, ...TOKEN],
    access: ['customer', 'staff'],
  },
  {
    method: 'post',
    path: '/orders/{id}/ship',
    statuses: [200, 400, 404, 409, 429, ...TOKEN],
    access: ['staff'],
  },
  {
    method: 'get',
    path: '/customers/{id}/orders',
    statuses: [200, 400, 404, 429, ...TOKEN],
    access: ['customer:self', 'staff'],
  },
  {
    method: 'get',
    path: '/me/orders',
    statuses: [200, 400, 404, 429, ...TOKEN],
    access: ['customer'],
  },
  { method: 'get', path: '/ops/projections', statuses: [200, 429, ...TOKEN], access: ['staff'] },
  { method: 'get', path: '/metrics', statuses: [200, ...TOKEN], access: ['staff'] },
  { method: 'get', path: '/health', statuses: [200, 503], access: ['public'] },
];
