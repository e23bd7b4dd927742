import type {
  AzureContentFilterSeverity,
  AzureOutputFilterCategory,
  AzurePromptFilterCategory,
} from './azure-emulator-scenario.js';

/** One category of an Azure content filter result. */
export type ContentFilterCategoryResult =
  | { filtered: boolean; severity: 'safe' | AzureContentFilterSeverity }
  | { filtered: boolean; detected: boolean };

/** Azure's `content_filter_results` object: category name → result. */
export type ContentFilterResults = Record<string, ContentFilterCategoryResult>;

const SEVERITY_CATEGORIES: ReadonlySet<string> = new Set(['hate', 'sexual', 'violence', 'self_harm']);

function safe(): ContentFilterCategoryResult {
  return { filtered: false, severity: 'safe' };
}

function notDetected(): ContentFilterCategoryResult {
  return { filtered: false, detected: false };
}

/** What Azure's prompt filter reports for a harmless prompt: four severity categories and `jailbreak`. */
export function safePromptResults(): ContentFilterResults {
  return { hate: safe(), jailbreak: notDetected(), self_harm: safe(), sexual: safe(), violence: safe() };
}

/** What Azure's output filter reports for harmless text: four severity categories and protected material. */
export function safeOutputResults(): ContentFilterResults {
  return {
    hate: safe(),
    protected_material_code: notDetected(),
    protected_material_text: notDetected(),
    self_harm: safe(),
    sexual: safe(),
    violence: safe(),
  };
}

/** `base` with `category` filtered: `{filtered: true, severity}` or `{filtered: true, detected: true}`. */
export function withFilteredCategory(
  base: ContentFilterResults,
  category: AzurePromptFilterCategory | AzureOutputFilterCategory,
  severity: AzureContentFilterSeverity,
): ContentFilterResults {
  const result: ContentFilterCategoryResult = SEVERITY_CATEGORIES.has(category)
    ? { filtered: true, severity }
    : { filtered: true, detected: true };
  return { ...base, [category]: result };
}

/** The top-level `prompt_filter_results` of a harmless prompt (one prompt, index 0). */
export function safePromptFilterResults(): Array<{
  prompt_index: number;
  content_filter_results: ContentFilterResults;
}> {
  return [{ prompt_index: 0, content_filter_results: safePromptResults() }];
}
