/** Semver of the provider/converter contract (not of the package). Plugins declare a range against it. */
export const SPEC_VERSION = '1.0.0';
