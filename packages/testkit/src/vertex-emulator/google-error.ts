/** The body of an error from Google's front end (a `google.rpc.Status` in JSON). */
export interface GoogleErrorBody {
  error: { code: number; message: string; status: string };
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  403: "Permission 'aiplatform.endpoints.predict' denied on resource (or it may not exist).",
  404: 'Publisher model was not found or your project does not have access to it.',
  429: 'Resource exhausted. Please try again later.',
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
  504: 'The request timed out. Please try again.',
};

/** The canonical `google.rpc.Code` name Google sends for an HTTP status. */
export function googleStatusName(status: number): string {
  return STATUS_NAMES[status] ?? (status >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION');
}

/** Builds a Google error body; the message defaults to one typical for the status. */
export function googleError(status: number, message?: string): GoogleErrorBody {
  return {
    error: {
      code: status,
      message: `${message ?? DEFAULT_MESSAGES[status] ?? `Request failed with status ${status}.`} (emulated)`,
      status: googleStatusName(status),
    },
  };
}
