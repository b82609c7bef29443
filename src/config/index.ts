export { loadConfig, validateConfig, readSecret } from './load.js';
export { configSchema, type HeadroomConfig, type SecretRef } from './schema.js';
