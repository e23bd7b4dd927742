import { EMULATOR_SYSTEM_FINGERPRINT } from '../openai-compatible-emulator/chat-completion-envelope.js';
import {
  type ContentFilterResults,
  safeOutputResults,
  safePromptFilterResults,
} from './content-filter-results.js';

/** The per-request parts of an Azure chat completion. */
export interface AzureCompletionEnvelope {
  id: string;
  /** Unix seconds, shared by every chunk. */
  created: number;
  /** The deployment's underlying model, which Azure reports instead of the deployment name. */
  model: string;
}

type JsonObject = Record<string, unknown>;

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Azure annotates choices that carry text with the output filter's results, and others with `{}`. */
function outputResultsFor(text: unknown): ContentFilterResults {
  return isNonEmptyString(text) ? safeOutputResults() : {};
}

/** The non-stream `choices` of the OpenAI-compatible emulator, each with Azure's `content_filter_results`. */
export function annotateChoices(choicesJson: string): JsonObject[] {
  const choices = JSON.parse(choicesJson) as JsonObject[];
  return choices.map((choice) => ({
    ...choice,
    content_filter_results: outputResultsFor((choice.message as JsonObject | undefined)?.content),
  }));
}

/** The `choices` of one of the OpenAI-compatible emulator's stream chunks, with Azure's `content_filter_results`. */
export function annotateChunkChoices(choicesJson: string): JsonObject[] {
  const choices = JSON.parse(choicesJson) as JsonObject[];
  return choices.map((choice) => ({
    ...choice,
    content_filter_results: outputResultsFor((choice.delta as JsonObject | undefined)?.content),
  }));
}

/**
 * A `chat.completion` body as Azure sends it: the underlying model, top-level `prompt_filter_results`, and the
 * given (annotated) choices. `usage` null leaves it out.
 */
export function azureChatCompletionBody(
  envelope: AzureCompletionEnvelope,
  choices: readonly JsonObject[],
  usage: unknown,
): JsonObject {
  const body: JsonObject = {
    id: envelope.id,
    object: 'chat.completion',
    created: envelope.created,
    model: envelope.model,
    prompt_filter_results: safePromptFilterResults(),
    choices,
  };
  if (usage !== null) body.usage = usage;
  body.system_fingerprint = EMULATOR_SYSTEM_FINGERPRINT;
  return body;
}

/**
 * Serializes the frames (`data: <json>\n\n`) of one Azure chat completion stream. With `includeUsage` every chunk
 * carries `"usage": null`, as with `stream_options.include_usage`.
 */
export class AzureChunkFrames {
  constructor(
    private readonly envelope: AzureCompletionEnvelope,
    private readonly includeUsage: boolean,
  ) {}

  /** The annotation-only first chunk: empty `id`, `object` and `model`, `created: 0`, `choices: []`. */
  promptAnnotation(): string {
    return this.frame({
      id: '',
      object: '',
      created: 0,
      model: '',
      prompt_filter_results: safePromptFilterResults(),
      choices: [],
    });
  }

  /** A `chat.completion.chunk` with the given choices. */
  chunk(choices: readonly JsonObject[]): string {
    return this.frame(this.chunkEnvelope(choices));
  }

  /** An annotation chunk of the asynchronous filter: empty envelope, choices without `delta`. */
  asyncFilterAnnotation(choices: readonly JsonObject[]): string {
    return this.frame({ id: '', object: '', created: 0, model: '', choices });
  }

  /** The usage chunk: `choices: []` and the usage. */
  usage(usage: unknown): string {
    return `data: ${JSON.stringify({ ...this.chunkEnvelope([]), usage })}\n\n`;
  }

  private chunkEnvelope(choices: readonly JsonObject[]): JsonObject {
    return {
      id: this.envelope.id,
      object: 'chat.completion.chunk',
      created: this.envelope.created,
      model: this.envelope.model,
      choices,
      system_fingerprint: EMULATOR_SYSTEM_FINGERPRINT,
    };
  }

  private frame(chunk: JsonObject): string {
    return `data: ${JSON.stringify(this.includeUsage ? { ...chunk, usage: null } : chunk)}\n\n`;
  }
}
