import type { ResponsesRequest } from './responses-request.js';

/** A `response` object (schema `Response`) as the emulator sends it. */
export type ResponseObject = Record<string, unknown>;

/** The per-request identity of a `response`. */
export interface ResponseEnvelope {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** What the reply reports in `model`: the request's model, or an Azure deployment's underlying model. */
  model: string;
}

/** The parts of a `response` that change while it is generated. */
export interface ResponseState {
  status: 'in_progress' | 'completed' | 'incomplete';
  output: readonly unknown[];
  /** Left out when undefined (in progress, or a scenario without usage). */
  usage?: unknown;
  incompleteReason?: string;
  /** Unix seconds; only for `completed`. */
  completedAt?: number;
}

function echoTool(tool: unknown): unknown {
  const fields = tool as Record<string, unknown>;
  if (fields.type !== 'function') return tool;
  // OpenAI echoes function tools with every schema-required field set: strict defaults to true.
  return {
    type: 'function',
    name: fields.name,
    description: fields.description ?? null,
    parameters: fields.parameters ?? null,
    strict: fields.strict ?? true,
  };
}

/** The tier that served the request: `auto` (the default) is reported as `default`. */
function servedTier(requested: string | null | undefined): string {
  return requested === undefined || requested === null || requested === 'auto' ? 'default' : requested;
}

/**
 * A `response` object in OpenAI's field order: the request's settings echoed (`instructions`, `tools`,
 * `tool_choice`, `text.format`, `metadata`, `previous_response_id`, `store`, `max_output_tokens`, …, with OpenAI's
 * defaults when unset) around the given state.
 */
export function responseObject(
  request: ResponsesRequest,
  envelope: ResponseEnvelope,
  state: ResponseState,
): ResponseObject {
  const body: ResponseObject = {
    id: envelope.id,
    object: 'response',
    created_at: envelope.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: null,
    incomplete_details: state.incompleteReason === undefined ? null : { reason: state.incompleteReason },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    model: envelope.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: request.reasoning ?? { effort: null, summary: null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: servedTier(request.service_tier),
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: {
      format: request.text?.format ?? { type: 'text' },
      verbosity: request.text?.verbosity ?? 'medium',
    },
    tool_choice: request.tool_choice ?? 'auto',
    tools: (request.tools ?? []).map(echoTool),
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
  };
  if (state.usage !== undefined) body.usage = state.usage;
  body.metadata = request.metadata ?? {};
  return body;
}
