/**
 * The Vertex AI host for a location: `global` → aiplatform.googleapis.com, the multi-regions `us`/`eu` →
 * aiplatform.{us,eu}.rep.googleapis.com, any other region → {region}-aiplatform.googleapis.com.
 */
export function vertexHost(region: string): string {
  if (region === 'global') return 'https://aiplatform.googleapis.com';
  if (region === 'us' || region === 'eu') return `https://aiplatform.${region}.rep.googleapis.com`;
  return `https://${region}-aiplatform.googleapis.com`;
}

/** `{base}/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}` */
export function vertexModelUrl(options: {
  baseUrl: string;
  project: string;
  region: string;
  publisher: 'anthropic' | 'google';
  modelId: string;
  method: string;
}): string {
  const { baseUrl, project, region, publisher, modelId, method } = options;
  return `${baseUrl}/v1/projects/${encodePathSegment(project)}/locations/${encodePathSegment(region)}/publishers/${publisher}/models/${encodePathSegment(modelId)}:${method}`;
}

/** Escapes what a path segment cannot hold, leaving `@` (as in `claude-sonnet-4-5@20250929`) as the SDKs send it. */
function encodePathSegment(segment: string): string {
  return segment.replace(/[^A-Za-z0-9._~@-]/g, (character) => encodeURIComponent(character));
}
