/**
 * RSA key pairs for the sandbox's signing keys (and the tests' stand-ins for other
 * parties), made so they can be exported and used at any time.
 *
 * Node 20 can deadlock when the garbage collector finalizes a key generation job while
 * the key it made is being exported: the export holds the key's lock and allocates, the
 * collection runs the job's destructor, which waits for the same lock. It happened in a
 * test run (`generateKeyPairSync(…).privateKey.export({ format: 'jwk' })`, the process
 * stuck in ExportJWK → GC → ~KeyGenJob). The job here hands back PEM text instead, made
 * while the job is still running, and the keys are built from that text: they share no
 * lock with the job.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export function rsaKeyPair(modulusLength = 2048): { privateKey: KeyObject; publicKey: KeyObject } {
  const pem = generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey: createPrivateKey(pem.privateKey), publicKey: createPublicKey(pem.publicKey) };
}
