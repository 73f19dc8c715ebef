import { type IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import {
  type ReadAnswer,
  ViewOrWriteModel,
} from '../../../../shared/projections/view-or-write-model.js';
import { ListProductsByIdsQuery } from '../../../catalog/contracts/list-products-by-ids.query.js';
import { ProductNotFoundError } from '../../../catalog/contracts/product.errors.js';
import type { ProductSalesResponse } from '../../contracts/product-sales.response.js';
import { PRODUCT_SALES } from '../../projections/product-sales.view.js';
import { ProductSalesFromView } from '../product-sales-from-view.js';
import { ProductSalesFromWriteModel } from '../product-sales-from-write-model.js';
import { GetProductSalesQuery } from './get-product-sales.query.js';

/**
 * One product's sales, from the view by the rule every view-backed query shares
 * (ViewOrWriteModel). A product never ordered has no row: the catalog, asked through its
 * public query, tells a product with no sales yet (zeros) from an unknown one (404).
 */
@QueryHandler(GetProductSalesQuery)
export class GetProductSalesHandler implements IQueryHandler<GetProductSalesQuery> {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly fromView: ProductSalesFromView,
    private readonly fromWriteModel: ProductSalesFromWriteModel,
    private readonly read: ViewOrWriteModel,
  ) {}

  async execute({
    productId,
    minPosition,
  }: GetProductSalesQuery): Promise<ReadAnswer<ProductSalesResponse>> {
    // #region read
    const sales = await this.read.read(
      PRODUCT_SALES,
      minPosition,
      () => this.fromView.one(productId),
      () => this.fromWriteModel.one(productId),
    );
    // #endregion
    if (sales.answer) return { ...sales, answer: sales.answer };
    const [product] = await this.read.current(minPosition, () =>
      this.queryBus.execute(new ListProductsByIdsQuery([productId])),
    );
    if (!product) throw new ProductNotFoundError(productId);
    return {
      ...sales,
      answer: {
        productId,
        productName: product.name,
        unitsSold: 0,
        revenueCents: 0,
        orders: 0,
        cancelledUnits: 0,
      },
    };
  }
}
