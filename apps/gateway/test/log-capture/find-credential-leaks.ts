/** One captured log line and the test file whose app wrote it. */
export interface CapturedLine {
  source: string;
  line: string;
}

/** A credential found in a log line. */
export interface CredentialLeak {
  /** Where the line came from (a test file). */
  source: string;
  /** The credential, masked for reports: its first 3 characters and its length. */
  credential: string;
  /** How it was written: as is, JSON-escaped or URL-encoded. */
  form: 'raw' | 'json' | 'url';
  /** The line, cut to 300 characters around the credential, the credential masked. */
  excerpt: string;
}

/** Shorter values are too likely to occur by chance (`k`, `none`) to mean anything. */
export const MIN_CREDENTIAL_LENGTH = 6;

/** How a credential is shown in reports: never in full. */
export function maskCredential(credential: string): string {
  return `${credential.slice(0, 3)}…(${credential.length} chars)`;
}

/** The spellings of a credential a log line may hold. */
function formsOf(credential: string): Array<[CredentialLeak['form'], string]> {
  const forms: Array<[CredentialLeak['form'], string]> = [['raw', credential]];
  const json = JSON.stringify(credential).slice(1, -1);
  if (json !== credential) forms.push(['json', json]);
  const url = encodeURIComponent(credential);
  if (url !== credential) forms.push(['url', url]);
  return forms;
}

/** Every credential (of `MIN_CREDENTIAL_LENGTH` or more) found in `lines`, in any of its spellings. */
export function findCredentialLeaks(
  lines: readonly CapturedLine[],
  credentials: Iterable<string>,
): CredentialLeak[] {
  const leaks: CredentialLeak[] = [];
  const searched = [...new Set(credentials)].filter(
    (credential) => credential.length >= MIN_CREDENTIAL_LENGTH,
  );
  for (const { source, line } of lines) {
    for (const credential of searched) {
      for (const [form, spelling] of formsOf(credential)) {
        const at = line.indexOf(spelling);
        if (at < 0) continue;
        const excerpt = line
          .slice(Math.max(0, at - 150), at + spelling.length + 150)
          .split(spelling)
          .join(maskCredential(credential));
        leaks.push({ source, credential: maskCredential(credential), form, excerpt });
        break;
      }
    }
  }
  return leaks;
}
