import { IntersectionType } from '@nestjs/swagger';
import { PageRequest } from '../../../../shared/pagination/page.request.js';
import { MinPositionRequest } from '../../../../shared/projections/min-position.request.js';

/** `?limit=&cursor=&minPosition=` of GET /customers/:id/orders. */
export class GetCustomerOrdersRequest extends IntersectionType(PageRequest, MinPositionRequest) {}
