/**
 * Something the gateway could not translate exactly. Every lossy translation produces one; nothing is dropped
 * or clamped silently.
 */
export type Warning =
  | { type: 'unsupported'; feature: string; detail?: string }
  | { type: 'compatibility'; feature: string; detail?: string }
  | { type: 'other'; message: string };
