import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('ConfigError');

export interface ConfigIssue {
  /** Dotted path into the configuration, e.g. `providers.local.base_url`. */
  path: string;
  message: string;
}

/** Gateway config or plugin settings are invalid, or a secret is missing. Raised at boot. */
export class ConfigError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly issues: ConfigIssue[];

  constructor(options: {
    message?: string;
    issues: ConfigIssue[];
    code?: 'MMX_CONFIG_INVALID' | 'MMX_CONFIG_SECRET_MISSING';
    cause?: unknown;
  }) {
    const text =
      options.message ??
      `Invalid configuration:\n${options.issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n')}`;
    super({ code: options.code ?? 'MMX_CONFIG_INVALID', message: text, cause: options.cause });
    this.name = 'ConfigError';
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return check.is(error);
  }
}
