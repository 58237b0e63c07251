-- 0007_post_facts.sql: each account's post facts, what `niche analyze`
-- uses of its posts with every caption already reduced (lib/facts.c,
-- docs/internals/facts.md). A row exists for every account that has posts;
-- data NULL means stale: the next analysis rebuilds it from the posts.
-- New posts mark their account when the store commits them (a trigger on
-- insert made SQLite open a statement journal for every imported post, a
-- fifth of an import); the triggers below cover updates, which can move a
-- post to another account, and deletes.
CREATE TABLE post_facts (
  account_id  INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  data        BLOB
);

INSERT INTO post_facts(account_id) SELECT DISTINCT account_id FROM post;

CREATE TRIGGER post_facts_update AFTER UPDATE ON post BEGIN
  UPDATE post_facts SET data = NULL
    WHERE account_id IN (OLD.account_id, NEW.account_id) AND data IS NOT NULL;
  INSERT INTO post_facts(account_id) VALUES (NEW.account_id)
    ON CONFLICT(account_id) DO NOTHING;
END;

CREATE TRIGGER post_facts_delete AFTER DELETE ON post BEGIN
  UPDATE post_facts SET data = NULL WHERE account_id = OLD.account_id AND data IS NOT NULL;
END;

-- How many accounts an analysis had to read post by post (stale facts).
ALTER TABLE analysis_run ADD COLUMN facts_built INTEGER;
