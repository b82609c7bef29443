export { loadConfig, validateConfig, readSecret, resolveServerToken, serverTokenEnv } from './load.js';
export { configSchema, type HeadroomConfig, type SecretRef } from './schema.js';
