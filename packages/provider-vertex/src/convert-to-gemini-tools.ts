import { type ChatRequest, InvalidRequestError, type Warning } from '@modelmux/core';
import { convertToGeminiSchema, isEmptyGeminiParametersSchema } from './convert-to-gemini-schema.js';

const FUNCTION_CALLING_MODES = { auto: 'AUTO', none: 'NONE', required: 'ANY' } as const;

/**
 * Canonical tools, tool choice and `parallelToolCalls` → Gemini `tools` and `toolConfig` (WIRE-FORMATS §5.2, §9).
 *
 * Each tool's JSON Schema goes as `parameters` (the OpenAPI subset every Gemini model accepts) when it converts
 * exactly, and otherwise unchanged as `parametersJsonSchema` (newer, full JSON Schema), so no constraint is ever lost
 * in the conversion; a schema that declares no arguments is left out.
 */
export function convertToGeminiTools(
  request: Pick<ChatRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>,
  warnings: Warning[],
): { tools?: Array<Record<string, unknown>>; toolConfig?: Record<string, unknown> } {
  const { tools, toolChoice } = request;
  if (tools === undefined || tools.length === 0) {
    if (toolChoice?.type === 'required' || toolChoice?.type === 'tool') {
      throw new InvalidRequestError({
        message: 'tool_choice asks for a tool call, but the request declares no tools.',
        param: 'tool_choice',
      });
    }
    return {};
  }
  let strict = false;
  const functionDeclarations = tools.map((tool) => {
    const declaration: Record<string, unknown> = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    if (!isEmptyGeminiParametersSchema(tool.parameters)) {
      const parameters = convertToGeminiSchema(tool.parameters);
      if (parameters === undefined) declaration.parametersJsonSchema = tool.parameters;
      else declaration.parameters = parameters;
    }
    if (tool.strict === true) strict = true;
    return declaration;
  });
  if (strict) {
    warnings.push({
      type: 'unsupported',
      feature: 'tool-strict',
      detail:
        'Gemini has no strict mode for function declarations; the arguments are not guaranteed to match',
    });
  }
  if (request.parallelToolCalls === false) {
    warnings.push({
      type: 'unsupported',
      feature: 'parallel-tool-calls',
      detail: 'Gemini has no switch to turn off parallel function calls; the model may still make several',
    });
  }
  const result: { tools?: Array<Record<string, unknown>>; toolConfig?: Record<string, unknown> } = {
    tools: [{ functionDeclarations }],
  };
  if (toolChoice !== undefined) {
    result.toolConfig = {
      functionCallingConfig:
        toolChoice.type === 'tool'
          ? { mode: 'ANY', allowedFunctionNames: [toolChoice.toolName] }
          : { mode: FUNCTION_CALLING_MODES[toolChoice.type] },
    };
  }
  return result;
}
