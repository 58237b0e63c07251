-- 0008_kept_results.sql: account_tag and audience are no longer emptied by
-- each analysis; it compares them with what it found and writes only the
-- accounts whose rows changed (docs/internals/store.md). How many it wrote:
ALTER TABLE analysis_run ADD COLUMN tags_written INTEGER;      -- accounts
ALTER TABLE analysis_run ADD COLUMN sketches_written INTEGER;  -- accounts
