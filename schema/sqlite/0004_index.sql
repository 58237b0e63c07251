-- 0004_index.sql: what the discovery index (lib/index.c) reads besides
-- accounts and account_metric. Written by `niche analyze`.

-- An account's most used hashtags (at most 16 per account), for search's
-- --hashtag filter without reading every post.
CREATE TABLE account_tag (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  tag         TEXT NOT NULL,          -- lowercase, without '#'
  posts       INTEGER NOT NULL,       -- posts that carry it
  PRIMARY KEY (account_id, tag)
) WITHOUT ROWID;
