/** Dated versions (`2024-10-21`, `2025-04-01-preview`) and the undated `preview`, `latest` and `v1`. */
const KNOWN_API_VERSION = /^(?:\d{4}-\d{2}-\d{2}(?:-preview)?|preview|latest|v1)$/;

/** True when Azure OpenAI would recognize `apiVersion` as one of its version strings. */
export function isKnownApiVersion(apiVersion: string): boolean {
  return KNOWN_API_VERSION.test(apiVersion);
}
