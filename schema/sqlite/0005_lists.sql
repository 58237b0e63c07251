-- 0005_lists.sql: shortlists, the named and saved lists of accounts that a
-- brand hands to overlap and the planner (`niche list`, lib/shortlist.c).

CREATE TABLE shortlist (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,        -- 1 to 64 bytes of printable UTF-8
  created_ms    INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

-- seq is the rowid: a new row gets one more than the largest, so ordering
-- by it is the order accounts were added (added_ms ties within a call).
-- Deleting the list or the account removes the membership.
CREATE TABLE shortlist_member (
  seq           INTEGER PRIMARY KEY,
  shortlist_id  INTEGER NOT NULL REFERENCES shortlist(id) ON DELETE CASCADE,
  account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  added_ms      INTEGER NOT NULL,
  note          TEXT,                 -- NULL: none
  UNIQUE (shortlist_id, account_id)
);
CREATE INDEX shortlist_member_account ON shortlist_member(account_id);
