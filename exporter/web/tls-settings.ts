/**
 * `tls_server_config` and `http_server_config` of the exporter-toolkit web config, in Go's names
 * (users copy their files from other exporters), translated to what Node's TLS takes:
 * - client_auth_type: Go's tls.ClientAuthType names; default NoClientCert. The verifying ones need
 *   client_ca_file, as in the toolkit.
 * - min_version / max_version: TLS10…TLS13; default TLS12 … TLS13.
 * - cipher_suites: Go's names of the TLS ≤ 1.2 suites (as in Go, TLS 1.3 suites are not configurable);
 *   prefer_server_cipher_suites (default true) → honorCipherOrder; curve_preferences → ecdhCurve.
 * - http_server_config.headers: the five headers the toolkit allows.
 */
import { WebConfigError } from '../config/sources';

export const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
export const TLS_VERSION_NAMES = Object.keys(TLS_VERSIONS) as (keyof typeof TLS_VERSIONS)[];
export type TlsVersionName = keyof typeof TLS_VERSIONS;
export type NodeTlsVersion = (typeof TLS_VERSIONS)[TlsVersionName];

/** Go's cipher suite names (crypto/tls constants, with the legacy CHACHA20 aliases) → OpenSSL's. */
const CIPHER_SUITES: Readonly<Record<string, string>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
};
export const CIPHER_SUITE_NAMES = Object.keys(CIPHER_SUITES);

/** Go's curve names → OpenSSL's. */
const CURVES: Readonly<Record<string, string>> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };
export const CURVE_NAMES = Object.keys(CURVES);

export const RESPONSE_HEADERS = ['Content-Security-Policy', 'X-Frame-Options', 'X-Content-Type-Options', 'X-XSS-Protection', 'Strict-Transport-Security'] as const;

/** tls_server_config as the exporter uses it: paths resolved, names translated. */
export interface TlsSettings {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string;
  readonly clientAuthType: ClientAuthType;
  readonly minVersion: NodeTlsVersion;
  readonly maxVersion: NodeTlsVersion;
  /** OpenSSL cipher list; undefined = Node's defaults. */
  readonly ciphers?: string;
  readonly honorCipherOrder: boolean;
  readonly ecdhCurve?: string;
}

/** tls_server_config as written in the file. */
export interface TlsServerConfigFile {
  cert_file: string;
  key_file: string;
  client_ca_file?: string;
  client_auth_type?: ClientAuthType;
  min_version?: TlsVersionName;
  max_version?: TlsVersionName;
  cipher_suites?: string[];
  prefer_server_cipher_suites?: boolean;
  curve_preferences?: string[];
}

/** Validated fields → TlsSettings; throws WebConfigError for combinations the toolkit refuses too. */
export function tlsSettings(file: TlsServerConfigFile, resolve: (p: string) => string, origin: string): TlsSettings {
  const clientAuthType = file.client_auth_type ?? 'NoClientCert';
  const verifies = clientAuthType === 'VerifyClientCertIfGiven' || clientAuthType === 'RequireAndVerifyClientCert';
  if (verifies && file.client_ca_file === undefined)
    throw new WebConfigError(`invalid web config ${origin}: tls_server_config.client_ca_file is required with client_auth_type ${clientAuthType}`);
  const min = file.min_version ?? 'TLS12';
  const max = file.max_version ?? 'TLS13';
  if (TLS_VERSION_NAMES.indexOf(min) > TLS_VERSION_NAMES.indexOf(max))
    throw new WebConfigError(`invalid web config ${origin}: tls_server_config.min_version ${min} is above max_version ${max}`);
  return {
    certFile: resolve(file.cert_file),
    keyFile: resolve(file.key_file),
    ...(file.client_ca_file !== undefined && { clientCaFile: resolve(file.client_ca_file) }),
    clientAuthType,
    minVersion: TLS_VERSIONS[min],
    maxVersion: TLS_VERSIONS[max],
    ...(file.cipher_suites !== undefined && file.cipher_suites.length > 0 && { ciphers: file.cipher_suites.map((c) => CIPHER_SUITES[c]).join(':') }),
    honorCipherOrder: file.prefer_server_cipher_suites ?? true,
    ...(file.curve_preferences !== undefined && file.curve_preferences.length > 0 && { ecdhCurve: file.curve_preferences.map((c) => CURVES[c]).join(':') }),
  };
}
