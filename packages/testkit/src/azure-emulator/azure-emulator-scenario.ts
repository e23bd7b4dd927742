import type { EmulatorScenario } from '../openai-compatible-emulator/emulator-scenario.js';

/** A severity of Azure's `hate`, `sexual`, `violence` and `self_harm` classifiers that blocks content. */
export type AzureContentFilterSeverity = 'low' | 'medium' | 'high';

/**
 * A category of Azure's prompt filter. `hate`, `sexual`, `violence` and `self_harm` report a severity; `profanity`
 * and `jailbreak` report `detected`.
 */
export type AzurePromptFilterCategory =
  | 'hate'
  | 'sexual'
  | 'violence'
  | 'self_harm'
  | 'profanity'
  | 'jailbreak';

/**
 * A category of Azure's output filter. `hate`, `sexual`, `violence` and `self_harm` report a severity; `profanity`,
 * `protected_material_text` and `protected_material_code` report `detected`.
 */
export type AzureOutputFilterCategory =
  | 'hate'
  | 'sexual'
  | 'violence'
  | 'self_harm'
  | 'profanity'
  | 'protected_material_text'
  | 'protected_material_code';

/**
 * How the Azure OpenAI emulator answers one chat completions or Responses API request (both take scenarios from one
 * queue): every kind of the OpenAI-compatible emulator's `EmulatorScenario` (`text` and `tool-calls` get Azure's
 * content filter annotations in chat; `error`, `malformed-json`, `truncated-stream` and `hang` behave exactly as
 * there, OpenAI-shaped default error bodies included), plus Azure's own failures. Responses replies carry no content
 * filter annotations.
 */
export type AzureEmulatorScenario =
  | EmulatorScenario
  | {
      /**
       * HTTP 400 before any completion, streams included: `{"error": {message, type: null, param: "prompt", code:
       * "content_filter", status: 400, innererror: {code: "ResponsibleAIPolicyViolation", content_filter_result:
       * {…}}}}` with the category filtered.
       */
      kind: 'content-filter-prompt';
      /** Default `'hate'`. */
      category?: AzurePromptFilterCategory;
      /** For the severity categories. Default `'high'`. */
      severity?: AzureContentFilterSeverity;
      /**
       * `'innererror'` (default) is what the live service sends: `innererror.content_filter_result` (singular).
       * `'inner_error'` is the 2024-10-21 spec's spelling: `inner_error.content_filter_results`.
       */
      spelling?: 'innererror' | 'inner_error';
    }
  | {
      /**
       * HTTP 200 whose choice ends with `finish_reason: "content_filter"` and the category filtered in its
       * `content_filter_results`. Non-streams: `message.content` is `text` (`null` when empty). Streams: the
       * annotation chunk, the role chunk, one content chunk per word of `text`, then the asynchronous filter's
       * blocking chunk (`id: ""`, `object: ""`, `created: 0`, `model: ""`, a choice with `finish_reason:
       * "content_filter"`, `content_filter_results`, optional `content_filter_offsets` and **no `delta`**), the usage
       * chunk when asked for, and `[DONE]`. Responses API: an `incomplete` response with `incomplete_details.reason:
       * "content_filter"` whose message holds `text`.
       */
      kind: 'content-filter-output';
      /** The content produced before the filter stepped in. Default `'Here is the start of'`. */
      text?: string;
      /** Default `'violence'`. */
      category?: AzureOutputFilterCategory;
      /** For the severity categories. Default `'high'`. */
      severity?: AzureContentFilterSeverity;
      /** Streams only: send `content_filter_offsets` on the blocking chunk. Default true. */
      offsets?: boolean;
      firstByteDelayMs?: number;
      /** Streams only: wait this long between frames. Default: all frames at once. */
      chunkDelayMs?: number;
    }
  | {
      /**
       * HTTP 429 with `retry-after`, `retry-after-ms`, `x-ratelimit-remaining-requests` and
       * `x-ratelimit-remaining-tokens` headers and `{"error": {"code": "429", "message": "Requests to the
       * ChatCompletions_Create Operation under Azure OpenAI API version … have exceeded token rate limit …"}}`.
       * Responses requests name `Responses_Create`; embedding requests take it too (`Embeddings_Create`).
       */
      kind: 'rate-limited';
      /** `retry-after`, and the seconds in the message. Default 1. */
      retryAfterSeconds?: number;
      /** `retry-after-ms`. Default `retryAfterSeconds * 1000`. */
      retryAfterMs?: number;
      /** Which limit was hit: `'token'` (default) or `'call'` (requests per minute). */
      limit?: 'token' | 'call';
    };

/** The content of a `content-filter-output` scenario that does not set one. */
export const DEFAULT_FILTERED_OUTPUT_TEXT = 'Here is the start of';

/** The scenario the Azure emulator answers chat requests with when nothing was queued or set as default. */
export const DEFAULT_AZURE_SCENARIO: AzureEmulatorScenario = Object.freeze({ kind: 'text' });

/** The kinds an embeddings request takes from the queue (or the default); it answers with vectors otherwise. */
const EMBEDDINGS_SCENARIO_KINDS: ReadonlySet<AzureEmulatorScenario['kind']> = new Set([
  'error',
  'rate-limited',
  'hang',
]);

/** True for the scenarios an embeddings request takes: `error`, `rate-limited` and `hang`. */
export function appliesToEmbeddings(scenario: AzureEmulatorScenario): boolean {
  return EMBEDDINGS_SCENARIO_KINDS.has(scenario.kind);
}
