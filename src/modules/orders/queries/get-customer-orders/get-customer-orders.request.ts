import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInteger } from '../../../../shared/http/to-integer.js';
import { PageRequest } from '../../../../shared/pagination/page.request.js';

/** `?limit=&cursor=&minPosition=` of GET /customers/:id/orders. */
export class GetCustomerOrdersRequest extends PageRequest {
  /** The `position` a command answered: the answer will include that command's effect. */
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPosition?: number;
}
