/** The Vertex publishers the emulator serves. */
export type VertexPublisher = 'anthropic' | 'google';

/** The model methods the emulator serves (the part after the colon). */
export type VertexModelMethod =
  | 'rawPredict'
  | 'streamRawPredict'
  | 'generateContent'
  | 'streamGenerateContent'
  | 'predict';

/** What a publisher-model path names. */
export interface VertexModelRoute {
  apiVersion: 'v1' | 'v1beta1';
  project: string;
  location: string;
  publisher: string;
  /** Decoded, e.g. `claude-sonnet-4-5@20250929`. */
  modelId: string;
  /** Decoded; not necessarily one the emulator serves. */
  method: string;
}

const MODEL_PATH =
  /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/([^/]+)\/models\/([^/]+)$/;

const PUBLISHER_METHODS: Readonly<Record<VertexPublisher, readonly VertexModelMethod[]>> = {
  anthropic: ['rawPredict', 'streamRawPredict'],
  google: ['generateContent', 'streamGenerateContent', 'predict'],
};

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Parses `/{v1|v1beta1}/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`
 * (without the query). Segments are percent-decoded, so `%40` and `%3A` are read as `@` and `:`. Undefined when
 * the path has another shape.
 */
export function parseVertexModelPath(pathname: string): VertexModelRoute | undefined {
  const match = MODEL_PATH.exec(pathname);
  if (match === null) return undefined;
  const [, apiVersion, project, location, publisher, modelAndMethod] = match.map(decode);
  if (!project || !location || !publisher || !modelAndMethod) return undefined;
  const colon = modelAndMethod.lastIndexOf(':');
  if (colon <= 0 || colon === modelAndMethod.length - 1) return undefined;
  return {
    apiVersion: apiVersion as VertexModelRoute['apiVersion'],
    project,
    location,
    publisher,
    modelId: modelAndMethod.slice(0, colon),
    method: modelAndMethod.slice(colon + 1),
  };
}

/** True when the emulator serves `route.method` for `route.publisher`. */
export function isServedRoute(
  route: VertexModelRoute,
): route is VertexModelRoute & { publisher: VertexPublisher; method: VertexModelMethod } {
  if (!Object.hasOwn(PUBLISHER_METHODS, route.publisher)) return false;
  return (PUBLISHER_METHODS[route.publisher as VertexPublisher] as readonly string[]).includes(route.method);
}
