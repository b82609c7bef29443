// The embedded DuckDB store: schema migrations, transactional writes, and one repository file per table group.
export { Store, type StoreQueries, type SqlParam, type Row } from './store.js';
