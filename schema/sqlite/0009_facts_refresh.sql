-- 0009_facts_refresh.sql: post facts refreshed rather than rebuilt when
-- only new posts or new numbers came in (docs/internals/facts.md).
--
-- changed: 0 the blob is current; 1 posts were added to the account, or
-- the numbers of its posts (time, likes, comments, shares, views) changed,
-- since it was built: its captions' reductions still hold and the next
-- analysis adds only what is new; negative: an analysis claimed the row
-- (its token) to build or refresh it. A change to a post's text, hashtags,
-- mentions, paid-partnership flag, platform, account or workspace, and a
-- delete, still make the blob stale (data NULL). From facts version 2 on
-- the store also writes 2: only new posts came, read alone
-- (docs/internals/facts.md).
ALTER TABLE post_facts ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;

-- An early build of 0007 marked new posts with an insert trigger; the
-- store marks them at commit now.
DROP TRIGGER IF EXISTS post_facts_insert;
DROP TRIGGER post_facts_update;
CREATE TRIGGER post_facts_update AFTER UPDATE ON post BEGIN
  UPDATE post_facts SET data = NULL, changed = 0
    WHERE account_id IN (OLD.account_id, NEW.account_id) AND data IS NOT NULL
      AND (OLD.account_id IS NOT NEW.account_id OR OLD.id IS NOT NEW.id
           OR OLD.workspace_id IS NOT NEW.workspace_id
           OR OLD.platform IS NOT NEW.platform OR OLD.caption IS NOT NEW.caption
           OR OLD.hashtags IS NOT NEW.hashtags OR OLD.mentions IS NOT NEW.mentions
           OR OLD.sponsored IS NOT NEW.sponsored);
  UPDATE post_facts SET changed = 1
    WHERE account_id = NEW.account_id AND data IS NOT NULL AND changed <> 1
      AND (OLD.posted_ms IS NOT NEW.posted_ms OR OLD.likes IS NOT NEW.likes
           OR OLD.comments IS NOT NEW.comments OR OLD.shares IS NOT NEW.shares
           OR OLD.views IS NOT NEW.views);
  INSERT INTO post_facts(account_id) VALUES (NEW.account_id)
    ON CONFLICT(account_id) DO NOTHING;
END;

-- How many accounts an analysis refreshed so (read their posts, reduced
-- only the new ones).
ALTER TABLE analysis_run ADD COLUMN facts_refreshed INTEGER;
