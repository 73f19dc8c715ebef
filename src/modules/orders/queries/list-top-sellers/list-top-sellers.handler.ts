import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  type ReadAnswer,
  ViewOrWriteModel,
} from '../../../../shared/projections/view-or-write-model.js';
import type { TopSellersResponse } from '../../contracts/product-sales.response.js';
import { PRODUCT_SALES } from '../../projections/product-sales.view.js';
import { ProductSalesFromView } from '../product-sales-from-view.js';
import { ProductSalesFromWriteModel } from '../product-sales-from-write-model.js';
import { ListTopSellersQuery } from './list-top-sellers.query.js';

/** The best sellers, from the view by the rule every view-backed query shares (ViewOrWriteModel). */
@QueryHandler(ListTopSellersQuery)
export class ListTopSellersHandler implements IQueryHandler<ListTopSellersQuery> {
  constructor(
    private readonly fromView: ProductSalesFromView,
    private readonly fromWriteModel: ProductSalesFromWriteModel,
    private readonly read: ViewOrWriteModel,
  ) {}

  async execute({
    limit,
    minPosition,
  }: ListTopSellersQuery): Promise<ReadAnswer<TopSellersResponse>> {
    const top = await this.read.read(
      PRODUCT_SALES,
      minPosition,
      () => this.fromView.top(limit),
      () => this.fromWriteModel.top(limit),
    );
    return { ...top, answer: { items: top.answer } };
  }
}
