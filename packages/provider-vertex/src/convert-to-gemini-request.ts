import type { ChatRequest, Warning } from '@modelmux/core';
import { convertToGeminiContents } from './convert-to-gemini-contents.js';
import { convertToGeminiThinkingConfig } from './convert-to-gemini-thinking-config.js';
import { convertToGeminiTools } from './convert-to-gemini-tools.js';
import type { GeminiProviderOptions } from './gemini-provider-options.js';
import type { VertexModelDefaults } from './vertex-settings.js';

export interface ConvertToGeminiRequestOptions {
  modelId: string;
  /** Per-model defaults from settings, used where the request leaves a field unset. */
  defaults?: VertexModelDefaults;
  /** `providerOptions.vertex`, already parsed. */
  providerOptions?: GeminiProviderOptions;
}

/**
 * Canonical chat request → Gemini `generateContent` body (WIRE-FORMATS §5.2). Never clamps (Gemini's temperature
 * range is 0-2, OpenAI's too); every field Gemini cannot take is a warning.
 */
export function convertToGeminiRequest(
  request: ChatRequest,
  options: ConvertToGeminiRequestOptions,
): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const { defaults, providerOptions } = options;
  const { contents, systemInstruction } = convertToGeminiContents(request.messages, warnings);
  const body: Record<string, unknown> = { contents };
  if (systemInstruction !== undefined) body.systemInstruction = systemInstruction;
  const { tools, toolConfig } = convertToGeminiTools(request, warnings);
  if (tools !== undefined) body.tools = tools;
  if (toolConfig !== undefined) body.toolConfig = toolConfig;

  const generationConfig: Record<string, unknown> = {};
  let hasGenerationConfig = false;
  const set = (name: string, value: unknown) => {
    if (value === undefined) return;
    generationConfig[name] = value;
    hasGenerationConfig = true;
  };
  set('maxOutputTokens', request.maxOutputTokens ?? defaults?.max_output_tokens);
  set('temperature', request.temperature ?? defaults?.temperature);
  set('topP', request.topP ?? defaults?.top_p);
  set('topK', request.topK);
  if (request.stopSequences !== undefined && request.stopSequences.length > 0)
    set('stopSequences', request.stopSequences);
  set('seed', request.seed);
  set('presencePenalty', request.presencePenalty);
  set('frequencyPenalty', request.frequencyPenalty);
  const format = request.responseFormat;
  if (format !== undefined && format.type !== 'text') {
    set('responseMimeType', 'application/json');
    if (format.type === 'json-schema') {
      set('responseJsonSchema', format.schema);
      if (format.description !== undefined) {
        warnings.push({
          type: 'unsupported',
          feature: 'response-format-description',
          detail: 'Gemini has no field for the description of a response schema; it was not sent',
        });
      }
    }
  }
  set(
    'thinkingConfig',
    convertToGeminiThinkingConfig(
      {
        modelId: options.modelId,
        reasoningEffort: request.reasoningEffort,
        thinkingBudget: providerOptions?.thinking_budget,
      },
      warnings,
    ),
  );
  if (hasGenerationConfig) body.generationConfig = generationConfig;

  if (providerOptions?.safety_settings !== undefined) body.safetySettings = providerOptions.safety_settings;
  if (providerOptions?.cached_content !== undefined) body.cachedContent = providerOptions.cached_content;
  if (providerOptions?.labels !== undefined) body.labels = providerOptions.labels;

  if (request.user !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: 'user',
      detail:
        'Gemini has no end-user id field (labels are for billing and have strict rules); it was not sent',
    });
  }
  if (request.metadata !== undefined) {
    warnings.push({
      type: 'unsupported',
      feature: 'metadata',
      detail: 'Gemini has no request metadata; use provider option labels for billing labels',
    });
  }
  if (request.extraBody !== undefined) {
    for (const name of Object.keys(request.extraBody)) {
      warnings.push({ type: 'unsupported', feature: name, detail: 'not forwarded to Gemini' });
    }
  }
  return { body, warnings };
}
