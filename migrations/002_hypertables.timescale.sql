-- TimescaleDB only: events and rollups as hypertables, compressed once they are cold.
-- Retention policies are set from the config at start-up (event_store.configureRetention).
CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('events', by_range('ts', INTERVAL '1 day'),
  if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('rollup_1m', by_range('bucket', INTERVAL '7 days'),
  if_not_exists => TRUE, migrate_data => TRUE);
SELECT create_hypertable('rollup_1h', by_range('bucket', INTERVAL '30 days'),
  if_not_exists => TRUE, migrate_data => TRUE);

ALTER TABLE events SET (timescaledb.compress,
  timescaledb.compress_segmentby = 'project_id', timescaledb.compress_orderby = 'ts DESC');
ALTER TABLE rollup_1m SET (timescaledb.compress,
  timescaledb.compress_segmentby = 'project_id', timescaledb.compress_orderby = 'bucket DESC');
ALTER TABLE rollup_1h SET (timescaledb.compress,
  timescaledb.compress_segmentby = 'project_id', timescaledb.compress_orderby = 'bucket DESC');

SELECT add_compression_policy('events', INTERVAL '7 days', if_not_exists => TRUE);
SELECT add_compression_policy('rollup_1m', INTERVAL '14 days', if_not_exists => TRUE);
SELECT add_compression_policy('rollup_1h', INTERVAL '60 days', if_not_exists => TRUE);
