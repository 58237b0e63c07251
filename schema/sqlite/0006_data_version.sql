-- 0006_data_version.sql: bumped by the store at the commit of any
-- transaction that wrote accounts or audience shares, so that a saved
-- search index can tell it is stale without reading every account
-- (niche_store_index_stamp, docs/internals/store.md).
ALTER TABLE workspace ADD COLUMN data_version INTEGER NOT NULL DEFAULT 0;
