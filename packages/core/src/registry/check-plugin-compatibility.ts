import semver from 'semver';
import { PluginError } from '../errors/plugin-error.js';
import { SPEC_VERSION } from '../spec/v1/spec-version.js';

/** Throws `MMX_PLUGIN_INCOMPATIBLE` unless the plugin's `core` range accepts this core's SPEC_VERSION. */
export function checkPluginCompatibility(plugin: { name: string; core: string }): void {
  if (semver.validRange(plugin.core) === null) {
    throw new PluginError({
      code: 'MMX_PLUGIN_MALFORMED',
      message: `Plugin ${plugin.name} declares core range '${plugin.core}', which is not a semver range.`,
      pluginName: plugin.name,
    });
  }
  if (!semver.satisfies(SPEC_VERSION, plugin.core)) {
    throw new PluginError({
      code: 'MMX_PLUGIN_INCOMPATIBLE',
      message: `Plugin ${plugin.name} supports core ${plugin.core}, but this gateway's core spec is ${SPEC_VERSION}.`,
      pluginName: plugin.name,
    });
  }
}
