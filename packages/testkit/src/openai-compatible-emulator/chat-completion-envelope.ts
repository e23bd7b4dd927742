/** The per-request parts of a chat completion: everything else is prepared once per scenario. */
export interface ChatCompletionEnvelope {
  id: string;
  /** Unix seconds, shared by every chunk. */
  created: number;
  /** The request's model, already JSON-encoded. */
  modelJson: string;
}

/** The `system_fingerprint` of every emulated completion. */
export const EMULATOR_SYSTEM_FINGERPRINT = 'fp_emulator';

const TRAILER = `,"service_tier":"default","system_fingerprint":"${EMULATOR_SYSTEM_FINGERPRINT}"}`;

/** The last frame of every chat completion stream. */
export const DONE_FRAME = 'data: [DONE]\n\n';

/** A `chat.completion` body from prepared `choices` JSON and optional `usage` JSON. */
export function chatCompletionJson(
  envelope: ChatCompletionEnvelope,
  choicesJson: string,
  usageJson: string | null,
): string {
  const usage = usageJson === null ? '' : `,"usage":${usageJson}`;
  return `{"id":"${envelope.id}","object":"chat.completion","created":${envelope.created},"model":${envelope.modelJson},"choices":${choicesJson}${usage}${TRAILER}`;
}

/**
 * Serializes stream frames (`data: <chunk>\n\n`) that share one envelope. With `includeUsage` every chunk carries
 * `"usage":null`, as OpenAI does when `stream_options.include_usage` is set; otherwise chunks have no `usage` field.
 */
export class ChunkFrames {
  private readonly prefix: string;
  private readonly suffix: string;

  constructor(envelope: ChatCompletionEnvelope, includeUsage: boolean) {
    this.prefix = `data: {"id":"${envelope.id}","object":"chat.completion.chunk","created":${envelope.created},"model":${envelope.modelJson},"choices":`;
    this.suffix = includeUsage ? `,"usage":null${TRAILER}\n\n` : `${TRAILER}\n\n`;
  }

  /** A chunk frame with the given `choices` JSON. */
  chunk(choicesJson: string): string {
    return this.prefix + choicesJson + this.suffix;
  }

  /** The trailing usage chunk: `choices: []` and the usage. */
  usage(usageJson: string): string {
    return `${this.prefix}[],"usage":${usageJson}${TRAILER}\n\n`;
  }
}

/** The `choices` JSON of a stream chunk for choice 0. */
export function chunkChoicesJson(delta: Record<string, unknown>, finishReason: string | null): string {
  return JSON.stringify([{ index: 0, delta, logprobs: null, finish_reason: finishReason }]);
}
