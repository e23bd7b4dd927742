import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

/** Options of `createTestServiceAccountKey`. */
export interface TestServiceAccountKeyOptions {
  /** Goes into `token_uri`, e.g. the emulator's `tokenUrl`. */
  tokenUri: string;
  /** Default `modelmux-test`. */
  projectId?: string;
}

/** A throwaway service-account key file and the public key that checks its signatures. */
export interface TestServiceAccountKey {
  /** The JSON of a service-account key file, as Google hands them out. */
  key: Record<string, unknown>;
  /** SPKI PEM; register it with the emulator to have assertions verified. */
  publicKeyPem: string;
}

function randomDigits(count: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < count) digits += String(randomInt(0, 10));
  return digits;
}

/**
 * Creates a service-account key file with a fresh RSA 2048 key (PKCS#8 PEM), for google-auth-library or any JWT
 * grant against the emulator's token endpoint. Takes tens of milliseconds: create one per test file.
 */
export function createTestServiceAccountKey(options: TestServiceAccountKeyOptions): TestServiceAccountKey {
  const projectId = options.projectId ?? 'modelmux-test';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: `modelmux-emulator@${projectId}.iam.gserviceaccount.com`,
    client_id: randomDigits(21),
    token_uri: options.tokenUri,
  };
  return { key, publicKeyPem: publicKey };
}
