import { countResponsesInputWords } from './count-responses-input.js';
import type { EmulatorIds } from './emulator-ids.js';
import { type ResponseEnvelope, type ResponseObject, responseObject } from './response-object.js';
import { type ResponseOutputItem, responseOutputItems } from './response-output-items.js';
import type { ResponsePlan } from './response-plan.js';
import { responseUsage } from './response-usage.js';
import type { ResponsesRequest } from './responses-request.js';

/** One emulated `response`, in the states a client sees. */
export interface EmulatedResponse {
  /** `status: "in_progress"`, empty `output`, no usage: what `response.created` and `response.in_progress` carry. */
  readonly inProgress: ResponseObject;
  /** The finished response: the non-stream body, and what `response.completed` / `response.incomplete` carry. */
  readonly final: ResponseObject;
  /** The finished output items, in order. */
  readonly items: readonly ResponseOutputItem[];
  /** `completed`, or `incomplete` when the plan names a reason. */
  readonly status: 'completed' | 'incomplete';
}

/** What the emulator needs to answer one Responses request. */
export interface ResponseTarget {
  readonly ids: EmulatorIds;
  /** Reported in `model`: the request's model, or an Azure deployment's underlying model. */
  readonly model: string;
}

/** Builds the `response` a plan produces for a request, with fresh ids and the current time. */
export function emulateResponse(
  request: ResponsesRequest,
  plan: ResponsePlan,
  target: ResponseTarget,
): EmulatedResponse {
  const now = Math.floor(Date.now() / 1000);
  const envelope: ResponseEnvelope = { id: target.ids.nextResponseId(), createdAt: now, model: target.model };
  const items = responseOutputItems(plan, target.ids);
  const status = plan.incompleteReason === undefined ? 'completed' : 'incomplete';
  return {
    inProgress: responseObject(request, envelope, { status: 'in_progress', output: [] }),
    final: responseObject(request, envelope, {
      status,
      output: items,
      usage: responseUsage(plan, countResponsesInputWords(request)),
      incompleteReason: plan.incompleteReason,
      completedAt: status === 'completed' ? now : undefined,
    }),
    items,
    status,
  };
}
