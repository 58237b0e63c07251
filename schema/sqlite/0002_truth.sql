-- 0002_truth.sql: ground truth of generated worlds (`niche synth`), so that
-- detectors can be scored against it. Real imports leave these empty.
-- CHECKs are OR chains, as in 0001: synth writes these per row.

CREATE TABLE truth_account (
  account_id        INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  role              TEXT NOT NULL CHECK (role = 'creator' OR role = 'real' OR role = 'mass' OR
                                     role = 'inactive' OR role = 'bot'),
  niches            TEXT,      -- creators: true niches, primary first, space-separated
  bought_followers  INTEGER NOT NULL DEFAULT 0,
  bought_at_ms      INTEGER,
  pod               INTEGER NOT NULL DEFAULT 0   -- engagement pod number, 0: none
);

CREATE TABLE truth_post (
  post_id     INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
  disclosure  TEXT NOT NULL CHECK (disclosure = 'none' OR disclosure = 'explicit' OR
                                   disclosure = 'ambiguous' OR disclosure = 'undisclosed'),
  brand       TEXT
);
