-- 0002_truth.sql: ground truth of generated worlds (`niche synth`), so that
-- detectors can be scored against it. Real imports leave these empty.

CREATE TABLE truth_account (
  account_id        INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  role              TEXT NOT NULL CHECK (role IN ('creator','real','mass','inactive','bot')),
  niches            TEXT,      -- creators: true niches, primary first, space-separated
  bought_followers  INTEGER NOT NULL DEFAULT 0,
  bought_at_ms      INTEGER,
  pod               INTEGER NOT NULL DEFAULT 0   -- engagement pod number, 0: none
);

CREATE TABLE truth_post (
  post_id     INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
  disclosure  TEXT NOT NULL CHECK (disclosure IN ('none','explicit','ambiguous','undisclosed')),
  brand       TEXT
);
