/**
 * Every endpoint of the HTTP contract (DESIGN.md, "HTTP contract") with the status codes
 * its OpenAPI document must list. Paths are written as OpenAPI writes them ({id}).
 * 413/415 go with a JSON body, 429 with every route the rate limit covers (all but /health).
 */
export interface ContractEndpoint {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  statuses: number[];
}

export const CONTRACT_ENDPOINTS: ContractEndpoint[] = [
  { method: 'post', path: '/products', statuses: [201, 400, 409, 413, 415, 422, 429] },
  { method: 'get', path: '/products', statuses: [200, 400, 429] },
  { method: 'get', path: '/products/{id}', statuses: [200, 400, 404, 429] },
  { method: 'patch', path: '/products/{id}/price', statuses: [200, 400, 404, 413, 415, 429] },
  { method: 'post', path: '/customers', statuses: [201, 400, 409, 413, 415, 422, 429] },
  { method: 'get', path: '/customers/{id}', statuses: [200, 400, 404, 429] },
  { method: 'put', path: '/customers/{id}/address', statuses: [200, 400, 404, 413, 415, 429] },
  { method: 'post', path: '/orders', statuses: [201, 400, 404, 413, 415, 422, 429] },
  { method: 'get', path: '/orders/{id}', statuses: [200, 400, 404, 429] },
  { method: 'post', path: '/orders/{id}/cancel', statuses: [200, 400, 404, 409, 429] },
  { method: 'post', path: '/orders/{id}/ship', statuses: [200, 400, 404, 409, 429] },
  { method: 'get', path: '/customers/{id}/orders', statuses: [200, 400, 404, 429] },
  { method: 'get', path: '/ops/projections', statuses: [200, 429] },
  { method: 'get', path: '/health', statuses: [200, 503] },
];
