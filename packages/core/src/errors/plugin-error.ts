import { createMarkerCheck, ModelmuxError } from './modelmux-error.js';

const check = createMarkerCheck('PluginError');

export type PluginErrorCode =
  | 'MMX_PLUGIN_DUPLICATE'
  | 'MMX_PLUGIN_INCOMPATIBLE'
  | 'MMX_PLUGIN_MALFORMED'
  | 'MMX_PLUGIN_UNKNOWN_TYPE';

/** A plugin is duplicated, malformed, incompatible with this core, or a config names a type no plugin provides. */
export class PluginError extends ModelmuxError {
  readonly [check.symbol] = true;
  readonly pluginName?: string;

  constructor(options: { code: PluginErrorCode; message: string; pluginName?: string }) {
    super({ code: options.code, message: options.message });
    this.name = 'PluginError';
    if (options.pluginName !== undefined) this.pluginName = options.pluginName;
  }

  static override isInstance(error: unknown): error is PluginError {
    return check.is(error);
  }
}
