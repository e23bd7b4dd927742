/**
 * The two URL styles of Azure OpenAI: paths under `/openai` with a dated `api-version` (deployment paths, and
 * `/openai/responses`), and the `/openai/v1` API.
 */
export type AzureApiStyle = 'classic' | 'v1';

/** The operations the emulator serves. */
export type AzureOperation = 'chat.completions' | 'embeddings' | 'responses' | 'models';

/** What an Azure OpenAI API path names. */
export type AzureApiRoute =
  | {
      /** `POST /openai/deployments/{deployment}/chat/completions|embeddings?api-version=…`. */
      style: 'classic';
      operation: 'chat.completions' | 'embeddings';
      /** Decoded from the path. */
      deployment: string;
    }
  | {
      /**
       * `POST /openai/responses?api-version=…`: no deployment in the path, the body's `model` names it. This is where
       * openai-node's `AzureOpenAI` sends `responses.create`, with or without its `deployment` option.
       */
      style: 'classic';
      operation: 'responses';
    }
  | {
      /** `POST /openai/v1/chat/completions|embeddings|responses`; the body's `model` names the deployment. */
      style: 'v1';
      operation: 'chat.completions' | 'embeddings' | 'responses';
    }
  | {
      /** `GET /openai/v1/models`, or `GET /openai/models?api-version=…` (classic). */
      style: AzureApiStyle;
      operation: 'models';
    };

const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;
const V1_OPERATIONS: Readonly<Record<string, 'chat.completions' | 'embeddings' | 'responses'>> = {
  '/openai/v1/chat/completions': 'chat.completions',
  '/openai/v1/embeddings': 'embeddings',
  '/openai/v1/responses': 'responses',
};
const CLASSIC_RESPONSES_PATH = '/openai/responses';

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The Azure OpenAI API route of a method and path (without the query), or undefined for everything the emulator
 * does not serve (Azure answers those with 404 `Resource not found`).
 */
export function parseAzureApiRoute(method: string | undefined, pathname: string): AzureApiRoute | undefined {
  if (method === 'GET') {
    if (pathname === '/openai/v1/models') return { style: 'v1', operation: 'models' };
    if (pathname === '/openai/models') return { style: 'classic', operation: 'models' };
    return undefined;
  }
  if (method !== 'POST') return undefined;
  const v1Operation = V1_OPERATIONS[pathname];
  if (v1Operation !== undefined) return { style: 'v1', operation: v1Operation };
  if (pathname === CLASSIC_RESPONSES_PATH) return { style: 'classic', operation: 'responses' };
  const match = DEPLOYMENT_PATH.exec(pathname);
  if (match === null) return undefined;
  const deployment = decode(match[1]!);
  if (deployment === undefined || deployment === '') return undefined;
  return {
    style: 'classic',
    operation: match[2] === 'embeddings' ? 'embeddings' : 'chat.completions',
    deployment,
  };
}
