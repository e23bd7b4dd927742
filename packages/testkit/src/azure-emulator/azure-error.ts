import type { AzureContentFilterSeverity, AzurePromptFilterCategory } from './azure-emulator-scenario.js';
import { safePromptResults, withFilteredCategory } from './content-filter-results.js';

/** The body of Azure OpenAI's own errors (as opposed to the OpenAI-shaped ones it passes through). */
export interface AzureErrorBody {
  error: { code: string; message: string };
}

/** Builds `{"error": {"code", "message"}}`. */
export function azureError(code: string, message: string): AzureErrorBody {
  return { error: { code, message } };
}

/** The 404 of a path Azure OpenAI does not serve, or of a deployment path without `api-version`. */
export function resourceNotFoundError(): AzureErrorBody {
  return azureError('404', 'Resource not found');
}

/** The 400 of an `api-version` Azure OpenAI does not know. */
export function unsupportedApiVersionError(): AzureErrorBody {
  return azureError('BadRequest', 'API version not supported');
}

/** The 404 of a deployment the resource does not have. */
export function deploymentNotFoundError(): AzureErrorBody {
  return azureError(
    'DeploymentNotFound',
    'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  );
}

/**
 * The 400 of an operation the deployment's model does not support (chat or responses on an embedding model, and
 * embeddings on a chat model).
 */
export function operationNotSupportedError(
  operation: 'chatCompletion' | 'responses' | 'embeddings',
  model: string,
): AzureErrorBody {
  return azureError(
    'OperationNotSupported',
    `The ${operation} operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
  );
}

/** Why a request was not authenticated. */
export type AzureAuthFailure = 'missing' | 'invalid-key' | 'invalid-token';

/** The 401 body for each authentication failure. */
export function unauthorizedError(failure: AzureAuthFailure): AzureErrorBody {
  switch (failure) {
    case 'missing':
      return azureError(
        '401',
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      );
    case 'invalid-key':
      return azureError(
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      );
    case 'invalid-token':
      return azureError(
        '401',
        'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
      );
  }
}

/** The Azure operation a rate limit message names. */
export type AzureOperationName = 'ChatCompletions_Create' | 'Responses_Create' | 'Embeddings_Create';

/** The 429 body of Azure OpenAI's rate limiter. */
export function rateLimitedError(
  operation: AzureOperationName,
  apiVersion: string,
  limit: 'token' | 'call',
  retryAfterSeconds: number,
): AzureErrorBody {
  const seconds = `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`;
  return azureError(
    '429',
    `Requests to the ${operation} Operation under Azure OpenAI API version ${apiVersion} have exceeded ${limit} rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
  );
}

/** The message of the 400 sent for a filtered prompt. */
export const PROMPT_FILTERED_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

/**
 * The 400 body of a filtered prompt. `innererror` + `content_filter_result` is the live service's spelling,
 * `inner_error` + `content_filter_results` the 2024-10-21 spec's.
 */
export function promptFilteredError(
  category: AzurePromptFilterCategory,
  severity: AzureContentFilterSeverity,
  spelling: 'innererror' | 'inner_error',
): unknown {
  const results = withFilteredCategory(safePromptResults(), category, severity);
  const inner =
    spelling === 'innererror'
      ? { innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: results } }
      : { inner_error: { code: 'ResponsibleAIPolicyViolation', content_filter_results: results } };
  return {
    error: {
      message: PROMPT_FILTERED_MESSAGE,
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      ...inner,
    },
  };
}
