import { PageRequest } from '../../../../shared/pagination/page.request.js';

/** `?limit=&cursor=` of GET /customers/:id/orders. */
export class GetCustomerOrdersRequest extends PageRequest {}
