/** A product as every catalog endpoint and query answers it. */
export interface ProductResponse {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
}
