-- Per-project counter of writes that change settled hours (late events, re-pricing). It is bumped
-- in the same transaction as the write, so a read sees the epoch and the data of one snapshot.
CREATE TABLE IF NOT EXISTS rollup_epochs (
  project_id text PRIMARY KEY,
  epoch int8 NOT NULL
);
