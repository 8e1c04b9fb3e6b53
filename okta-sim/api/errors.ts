import { oktaId } from '../state/ids';

/**
 * Okta's error envelope and the codes the simulator uses
 * (developer.okta.com/docs/reference/error-codes/). `errorLink` repeats the code and `errorId`
 * is a fresh `oae…` id per response, as Okta sends them.
 */
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export class OktaApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly summary: string,
    readonly causes: string[] = [],
  ) {
    super(`${errorCode}: ${summary}`);
    this.name = 'OktaApiError';
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.summary,
      errorLink: this.errorCode,
      errorId: oktaId('oae'),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

export const oktaErrors = {
  validation: (field: string, causes: string[] = []) =>
    new OktaApiError(400, 'E0000001', `Api validation failed: ${field}`, causes),
  malformedBody: () => new OktaApiError(400, 'E0000003', 'The request body was not well-formed.'),
  notFound: (id: string, type: string) =>
    new OktaApiError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  invalidToken: () => new OktaApiError(401, 'E0000011', 'Invalid token provided'),
  /**
   * A DPoP-bound token with a missing or bad proof. Okta's APIs answer these with 400 (seen in the
   * SDK issues quoting its `WWW-Authenticate: DPoP … error="invalid_dpop_proof"`); the envelope
   * stays the token error's, the details are in the challenge.
   */
  invalidDpopProof: () => new OktaApiError(400, 'E0000011', 'Invalid token provided'),
  /** An OAuth access token without a scope the endpoint needs. */
  forbidden: () => new OktaApiError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  forbiddenStatus: () =>
    new OktaApiError(403, 'E0000038', "This operation is not allowed in the user's current status."),
  alreadyActive: () => new OktaApiError(403, 'E0000016', 'Activation failed because the user is already active'),
  methodNotAllowed: () => new OktaApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  invalidSearch: (detail: string) => new OktaApiError(400, 'E0000031', 'Invalid search criteria.', [detail]),
  rateLimited: () => new OktaApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  internal: () => new OktaApiError(500, 'E0000009', 'Internal Server Error'),
  /** Okta refuses to delete an ACTIVE app: it must be deactivated first (Apps API, "Delete an application"). */
  deleteActiveApp: () =>
    new OktaApiError(403, 'E0000056', 'Delete application forbidden.', [
      'The application must be deactivated before it can be deleted.',
    ]),
};
