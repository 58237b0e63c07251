-- 0003_analysis.sql: the results of `niche analyze` (lib/analyze.c).
-- A run replaces every result of its workspace; each result row points at
-- the run that made it, which records the analysis version, the tier
-- scheme, the as-of time and the price table. Rates are ratios (0.034 is
-- 3.4%); NULL is "not known", never zero. Column meanings: docs/quality.md.

CREATE TABLE analysis_run (
  id                    INTEGER PRIMARY KEY,
  workspace_id          INTEGER NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
  version               INTEGER NOT NULL,
  scheme                TEXT NOT NULL,
  as_of_ms              INTEGER NOT NULL,
  started_ms            INTEGER NOT NULL,
  finished_ms           INTEGER,
  accounts              INTEGER,
  analysed              INTEGER,
  posts                 INTEGER,
  follower_edges        INTEGER,
  snapshots             INTEGER,
  comments              INTEGER,
  followers_classified  INTEGER,
  er_known              INTEGER,
  bought_flagged        INTEGER,
  pod_accounts          INTEGER,
  pods                  INTEGER,
  undisclosed_posts     INTEGER,
  brands                INTEGER,
  currency              TEXT,
  prices                TEXT
);
CREATE INDEX analysis_run_workspace ON analysis_run(workspace_id);

-- One row per analysed account (with posts, snapshots or known followers).
CREATE TABLE account_metric (
  account_id             INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  run_id                 INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  tier                   TEXT,
  scheme                 TEXT,
  est_basis              TEXT,
  currency               TEXT,
  followers              INTEGER,
  as_of_ms               INTEGER,
  er_f_mean              REAL,
  er_f_mean_n            INTEGER,
  er_f_mean_hidden       INTEGER,
  er_f_median            REAL,
  er_f_median_n          INTEGER,
  er_f_median_hidden     INTEGER,
  er_v                   REAL,
  er_v_n                 INTEGER,
  er_v_hidden            INTEGER,
  er_v_no_views          INTEGER,
  er_f_mean_band_lo      INTEGER,
  er_f_mean_band_hi      INTEGER,
  er_f_mean_peers        INTEGER,
  er_f_mean_pct          REAL,
  er_f_mean_peer_median  REAL,
  er_f_median_band_lo    INTEGER,
  er_f_median_band_hi    INTEGER,
  er_f_median_peers      INTEGER,
  er_f_median_pct        REAL,
  er_f_median_peer_median REAL,
  er_v_band_lo           INTEGER,
  er_v_band_hi           INTEGER,
  er_v_peers             INTEGER,
  er_v_pct               REAL,
  er_v_peer_median       REAL,
  posts_dated            INTEGER,
  posts_per_week         REAL,
  interval_cv            REAL,
  first_post_ms          INTEGER,
  last_post_ms           INTEGER,
  snapshots              INTEGER,
  growth_from_ms         INTEGER,
  growth_to_ms           INTEGER,
  growth_monthly         REAL,
  growth_30d             REAL,
  anomalies              INTEGER,
  followers_known        INTEGER,
  real_n                 INTEGER,
  mass_n                 INTEGER,
  influencer_n           INTEGER,
  suspicious_n           INTEGER,
  inactive_n             INTEGER,
  bots                   INTEGER,
  authentic              REAL,
  authentic_lo           REAL,
  authentic_hi           REAL,
  fake                   REAL,
  fake_lo                REAL,
  fake_hi                REAL,
  reachability           REAL,
  bought                 INTEGER,
  comments_known         INTEGER,
  pod_comments           INTEGER,
  first_hour_comments    INTEGER,
  comment_authenticity   REAL,
  pod                    INTEGER,
  pod_size               INTEGER,
  aqs                    REAL,
  aqs_authentic          REAL,
  aqs_engagement         REAL,
  aqs_growth             REAL,
  aqs_comments           REAL,
  aqs_reachability       REAL,
  posts_scanned          INTEGER,
  sponsored              INTEGER,
  ambiguous              INTEGER,
  undisclosed            INTEGER,
  buried                 INTEGER,
  ppp                    REAL,
  ppp_sponsored          REAL,
  ppp_sponsored_n        INTEGER,
  ppp_organic            REAL,
  ppp_organic_n          INTEGER,
  est_reach              REAL,
  est_impressions        REAL,
  est_price              REAL
);
CREATE INDEX account_metric_run ON account_metric(run_id);
CREATE INDEX account_metric_pod ON account_metric(pod) WHERE pod IS NOT NULL;

-- Growth anomalies (largest first, at most 4 per account).
CREATE TABLE account_anomaly (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,          -- 'spike' or 'drop'
  from_ms     INTEGER NOT NULL,
  to_ms       INTEGER NOT NULL,
  delta       INTEGER NOT NULL,
  relative    REAL NOT NULL,
  score       REAL NOT NULL
);
CREATE INDEX account_anomaly_account ON account_anomaly(account_id);

-- Brands an account has posted about, with how the posts disclosed it.
CREATE TABLE account_brand (
  account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  brand        TEXT NOT NULL,
  posts        INTEGER NOT NULL,
  disclosed    INTEGER NOT NULL,
  ambiguous    INTEGER NOT NULL,
  undisclosed  INTEGER NOT NULL,
  PRIMARY KEY (account_id, brand)
) WITHOUT ROWID;

-- How each account that follows someone was typed as a follower, for the
-- ones that are not plain real followers (no row: real, or follows no one).
CREATE TABLE follower_class (
  account_id  INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  type        TEXT NOT NULL,          -- real, mass, influencer, suspicious, inactive
  bot         INTEGER NOT NULL,
  signals     INTEGER NOT NULL        -- bit set, docs/quality.md
);

-- Posts whose sponsorship needs a reviewer: an ambiguous or buried marker,
-- or a likely undisclosed deal (compliant posts are re-checked on demand).
CREATE TABLE post_sponsorship (
  post_id      INTEGER PRIMARY KEY REFERENCES post(id) ON DELETE CASCADE,
  account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  marker       TEXT NOT NULL,         -- none, ambiguous, explicit
  word         TEXT,
  flag         INTEGER NOT NULL,
  buried       INTEGER NOT NULL,
  compliance   TEXT NOT NULL,         -- n/a, compliant, needs_review, non_compliant
  likely_undisclosed INTEGER NOT NULL,
  brand        TEXT
);
CREATE INDEX post_sponsorship_account ON post_sponsorship(account_id);
