-- TimescaleDB only: the day rollups as a hypertable, compressed once cold, like the others.
SELECT create_hypertable('rollup_1d', by_range('bucket', INTERVAL '180 days'),
  if_not_exists => TRUE, migrate_data => TRUE);

ALTER TABLE rollup_1d SET (timescaledb.compress,
  timescaledb.compress_segmentby = 'project_id', timescaledb.compress_orderby = 'bucket DESC');

SELECT add_compression_policy('rollup_1d', INTERVAL '60 days', if_not_exists => TRUE);

-- Minute rollups are kept for hours now (ROLLUP_MINUTES_HOURS): day-long chunks drop whole.
SELECT set_chunk_time_interval('rollup_1m', INTERVAL '1 day');
