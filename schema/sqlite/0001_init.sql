-- 0001_init.sql: the first schema of a niche database (SQLite).
-- Applied by the store on `niche init` and on open; never edit a released
-- migration, add the next numbered file instead. Conventions: times are
-- Unix milliseconds UTC (_ms), money is integer minor units (_cents) beside
-- a currency, NULL means "not known" (never zero). CHECKs on the tables an
-- import writes per row use OR chains: SQLite evaluates `x IN (list)` in a
-- CHECK by building a temporary index for every row.

CREATE TABLE workspace (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_ms  INTEGER NOT NULL
);

CREATE TABLE user (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  email         TEXT NOT NULL,
  name          TEXT,
  role          TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner','member','viewer')),
  created_ms    INTEGER NOT NULL,
  UNIQUE (workspace_id, email)
);

CREATE TABLE api_token (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  label         TEXT,
  hash          BLOB NOT NULL UNIQUE,       -- hash of the secret, never the secret
  created_ms    INTEGER NOT NULL,
  expires_ms    INTEGER,
  last_used_ms  INTEGER
);

CREATE TABLE creator (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  name          TEXT,
  country       TEXT,
  language      TEXT,
  email         TEXT,
  notes         TEXT
);

CREATE TABLE account (
  id                INTEGER PRIMARY KEY,
  workspace_id      INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  creator_id        INTEGER REFERENCES creator(id) ON DELETE SET NULL,
  platform          TEXT NOT NULL,
  handle            TEXT NOT NULL,
  name              TEXT,
  followers         INTEGER CHECK (followers >= 0),
  following         INTEGER CHECK (following >= 0),
  posts             INTEGER CHECK (posts >= 0),
  bio               TEXT,
  country           TEXT,
  language          TEXT,
  category          TEXT,
  verified          INTEGER CHECK (verified = 0 OR verified = 1),
  has_avatar        INTEGER CHECK (has_avatar = 0 OR has_avatar = 1),
  last_active_ms    INTEGER,
  avg_likes         REAL,
  avg_comments      REAL,
  avg_views         REAL,
  avg_shares        REAL,
  reported_er       REAL,
  audience_country  TEXT,
  updated_ms        INTEGER NOT NULL,
  UNIQUE (workspace_id, platform, handle)
);
CREATE INDEX account_followers ON account(workspace_id, platform, followers);
CREATE INDEX account_creator ON account(creator_id);

-- Niche labels with a score in [0, 1]; filled by analysis.
CREATE TABLE account_niche (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  niche       TEXT NOT NULL,
  score       REAL NOT NULL,
  PRIMARY KEY (account_id, niche)
) WITHOUT ROWID;

CREATE TABLE post (
  id               INTEGER PRIMARY KEY,
  workspace_id     INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  account_id       INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  platform         TEXT NOT NULL,
  post_id          TEXT NOT NULL,
  posted_ms        INTEGER,
  type             TEXT CHECK (type = 'image' OR type = 'carousel' OR type = 'video' OR
                                   type = 'reel' OR type = 'story' OR type = 'short' OR
                                   type = 'live'),
  caption          TEXT,
  hashtags         TEXT,                -- lowercase, without '#', space-separated
  mentions         TEXT,                -- lowercase, without '@', space-separated
  likes            INTEGER CHECK (likes >= 0),   -- NULL when hidden
  comments         INTEGER CHECK (comments >= 0),
  shares           INTEGER CHECK (shares >= 0),
  saves            INTEGER CHECK (saves >= 0),
  views            INTEGER CHECK (views >= 0),
  reach            INTEGER CHECK (reach >= 0),
  impressions      INTEGER CHECK (impressions >= 0),
  reach_estimated  INTEGER CHECK (reach_estimated = 0 OR reach_estimated = 1),
  sponsored        INTEGER CHECK (sponsored = 0 OR sponsored = 1),  -- paid-partnership flag
  updated_ms       INTEGER NOT NULL,
  UNIQUE (workspace_id, platform, post_id)
);
CREATE INDEX post_account_time ON post(account_id, posted_ms);

-- Comment authors, where known (pod detection).
CREATE TABLE post_comment (
  post_id       INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
  author_id     INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  commented_ms  INTEGER,
  text          TEXT
);
CREATE INDEX post_comment_post ON post_comment(post_id);

CREATE TABLE follower (
  account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  follower_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  since_ms     INTEGER,
  PRIMARY KEY (account_id, follower_id)
) WITHOUT ROWID;
CREATE INDEX follower_reverse ON follower(follower_id);

CREATE TABLE snapshot (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  taken_ms    INTEGER NOT NULL,
  followers   INTEGER CHECK (followers >= 0),
  following   INTEGER CHECK (following >= 0),
  posts       INTEGER CHECK (posts >= 0),
  PRIMARY KEY (account_id, taken_ms)
) WITHOUT ROWID;

CREATE TABLE audience (
  account_id   INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  sample_size  INTEGER,
  hll          BLOB,
  minhash      BLOB,
  updated_ms   INTEGER NOT NULL
);

CREATE TABLE audience_share (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  dimension   TEXT NOT NULL CHECK (dimension = 'country' OR dimension = 'age' OR
                                   dimension = 'gender' OR dimension = 'language'),
  key         TEXT NOT NULL,
  share       REAL NOT NULL CHECK (share >= 0 AND share <= 1),
  PRIMARY KEY (account_id, dimension, key)
) WITHOUT ROWID;

CREATE TABLE brand (
  id               INTEGER PRIMARY KEY,
  workspace_id     INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  handles          TEXT,     -- JSON array of "platform:handle"
  competitors      TEXT,     -- JSON array
  target_audience  TEXT,     -- JSON object
  banned_terms     TEXT,     -- JSON array
  UNIQUE (workspace_id, name)
);

CREATE TABLE campaign (
  id                 INTEGER PRIMARY KEY,
  workspace_id       INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  brand_id           INTEGER REFERENCES brand(id) ON DELETE SET NULL,
  name               TEXT NOT NULL,
  objective          TEXT NOT NULL DEFAULT 'reach'
                     CHECK (objective IN ('reach','engagement','cascade','sales')),
  budget_cents       INTEGER CHECK (budget_cents >= 0),
  currency           TEXT NOT NULL DEFAULT 'USD',
  start_ms           INTEGER,
  end_ms             INTEGER,
  hashtags           TEXT,
  required_mentions  TEXT,
  disclosure_rules   TEXT,
  brief              TEXT,
  tier_mix           TEXT,
  status             TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft','active','paused','done','cancelled')),
  UNIQUE (workspace_id, name)
);

CREATE TABLE mission (
  id             INTEGER PRIMARY KEY,
  campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  title          TEXT NOT NULL,
  deliverable    TEXT NOT NULL
                 CHECK (deliverable IN ('post','story','reel','video','takeover','review')),
  due_ms         INTEGER,
  reward_kind    TEXT NOT NULL DEFAULT 'cash'
                 CHECK (reward_kind IN ('cash','product','commission','points')),
  reward_cents   INTEGER,
  currency       TEXT,
  reward_points  INTEGER,
  usage_rights   TEXT
);

CREATE TABLE collaboration (
  id               INTEGER PRIMARY KEY,
  campaign_id      INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  creator_id       INTEGER REFERENCES creator(id) ON DELETE SET NULL,
  account_id       INTEGER REFERENCES account(id) ON DELETE SET NULL,
  stage            TEXT NOT NULL DEFAULT 'prospect'
                   CHECK (stage IN ('prospect','contacted','negotiating','contracted',
                                    'shipped','submitted','approved','published',
                                    'paid','declined')),
  fee_cents        INTEGER CHECK (fee_cents >= 0),
  currency         TEXT,
  promo_code       TEXT,
  tracking_link    TEXT,
  shipment_status  TEXT,
  shipped_ms       INTEGER
);
CREATE INDEX collaboration_campaign ON collaboration(campaign_id);

CREATE TABLE submission (
  id                INTEGER PRIMARY KEY,
  collaboration_id  INTEGER NOT NULL REFERENCES collaboration(id) ON DELETE CASCADE,
  mission_id        INTEGER REFERENCES mission(id) ON DELETE SET NULL,
  submitted_ms      INTEGER NOT NULL,
  content_url       TEXT,
  caption           TEXT,
  checks            TEXT,   -- JSON
  decision          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (decision IN ('pending','approved','changes_requested','rejected')),
  decided_ms        INTEGER,
  note              TEXT
);

CREATE TABLE conversion (
  id                INTEGER PRIMARY KEY,
  campaign_id       INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
  collaboration_id  INTEGER REFERENCES collaboration(id) ON DELETE SET NULL,
  source            TEXT NOT NULL CHECK (source IN ('code','link')),
  ref               TEXT NOT NULL,
  value_cents       INTEGER,
  currency          TEXT,
  at_ms             INTEGER NOT NULL
);

CREATE TABLE ambassador_program (
  id                  INTEGER PRIMARY KEY,
  workspace_id        INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  brand_id            INTEGER REFERENCES brand(id) ON DELETE SET NULL,
  name                TEXT NOT NULL,
  mission_template    TEXT,   -- JSON
  cadence_days        INTEGER,
  points_per_mission  INTEGER
);

-- Members of a program and their reliability record.
CREATE TABLE ambassador (
  program_id       INTEGER NOT NULL REFERENCES ambassador_program(id) ON DELETE CASCADE,
  creator_id       INTEGER NOT NULL REFERENCES creator(id) ON DELETE CASCADE,
  joined_ms        INTEGER NOT NULL,
  points           INTEGER NOT NULL DEFAULT 0,
  missions_done    INTEGER NOT NULL DEFAULT 0,
  missions_missed  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, creator_id)
) WITHOUT ROWID;
