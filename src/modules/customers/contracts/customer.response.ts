export interface AddressResponse {
  street: string;
  city: string;
  postalCode: string;
  country: string;
}

/** A customer as every customers endpoint and query answers it. */
export interface CustomerResponse {
  id: string;
  name: string;
  email: string;
  address: AddressResponse | null;
}
