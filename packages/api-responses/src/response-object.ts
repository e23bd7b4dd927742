import type { FinishReason } from '@modelmux/core';

type Item = Record<string, unknown>;

/** Who a `response` is: its id, when it began, and the model as the client named it. */
export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
  store: boolean;
}

/** The parts of a `response` that change while it is generated. */
export interface ResponseState {
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: readonly unknown[];
  usage?: Item;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  error?: { code: string; message: string };
  /** Unix seconds, once finished. */
  completedAt?: number;
}

/** A finish reason → the response's status and, for a cut-off one, why. */
export function responseStatusOf(
  finishReason: FinishReason,
): Pick<ResponseState, 'status' | 'incompleteReason'> {
  if (finishReason.unified === 'length')
    return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finishReason.unified === 'content-filter')
    return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

function echoTool(tool: unknown): unknown {
  const fields = tool as Item;
  if (fields?.type !== 'function') return tool;
  return {
    type: 'function',
    name: fields.name,
    description: fields.description ?? null,
    parameters: fields.parameters ?? null,
    // What the request said: the gateway does not turn strict mode on when the client did not ask for it.
    strict: fields.strict ?? null,
  };
}

/**
 * A `response` object: the request's settings echoed as OpenAI does (its defaults where the request was silent) around
 * the given state. `echo` is the client's request body.
 */
export function responseObject(echo: Item, identity: ResponseIdentity, state: ResponseState): Item {
  const text = (echo.text ?? {}) as Item;
  const body: Item = {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason === undefined ? null : { reason: state.incompleteReason },
    instructions: echo.instructions ?? null,
    max_output_tokens: echo.max_output_tokens ?? null,
    max_tool_calls: echo.max_tool_calls ?? null,
    model: identity.model,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls ?? true,
    previous_response_id: echo.previous_response_id ?? null,
    prompt_cache_key: echo.prompt_cache_key ?? null,
    reasoning: echo.reasoning ?? { effort: null, summary: null },
    safety_identifier: echo.safety_identifier ?? null,
    service_tier:
      echo.service_tier === undefined || echo.service_tier === 'auto' ? 'default' : echo.service_tier,
    store: identity.store,
    temperature: echo.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: echo.tool_choice ?? 'auto',
    tools: Array.isArray(echo.tools) ? echo.tools.map(echoTool) : [],
    top_logprobs: echo.top_logprobs ?? 0,
    top_p: echo.top_p ?? 1,
    truncation: echo.truncation ?? 'disabled',
  };
  if (state.usage !== undefined) body.usage = state.usage;
  if (typeof echo.user === 'string') body.user = echo.user;
  body.metadata = echo.metadata ?? {};
  return body;
}
