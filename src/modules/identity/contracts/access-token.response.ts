/** What POST /auth/token answers. */
export interface AccessTokenResponse {
  /** A JWT (HS256) to send as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}
