/** Who is calling: the subject and role of a verified access token. */
export type Role = 'customer' | 'staff';

export interface Principal {
  /** The customer id, or the staff account id. */
  id: string;
  role: Role;
}

/** The claims of an access token (JWT, HS256): `sub` is the principal's id. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
}
