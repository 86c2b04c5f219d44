-- Raw events, the idempotency ledger and the per-minute / per-hour rollups.

-- (project, id) seen: the exactly-once guard. Not a hypertable: its key has no time column,
-- so a retry with another timestamp is still recognised.
CREATE TABLE IF NOT EXISTS event_ids (
  project_id text NOT NULL,
  id text NOT NULL,
  ts timestamptz NOT NULL,
  PRIMARY KEY (project_id, id)
);
CREATE INDEX IF NOT EXISTS event_ids_ts ON event_ids (ts);

CREATE TABLE IF NOT EXISTS events (
  project_id text NOT NULL,
  id text NOT NULL,
  ts timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  model text NOT NULL,
  provider text,
  status text NOT NULL,
  endpoint text NOT NULL,
  application text,
  user_id text,
  session_id text,
  trace_id text,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cached_input_tokens bigint,
  reasoning_tokens bigint,
  latency_ms double precision,
  time_to_first_token_ms double precision,
  cost_usd double precision,
  cost_source text,
  status_code integer,
  error_type text,
  error_message text,
  input text,
  output text,
  metadata jsonb,
  UNIQUE (project_id, ts, id)
);
CREATE INDEX IF NOT EXISTS events_trace ON events (project_id, trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_user ON events (project_id, user_id, ts) WHERE user_id IS NOT NULL;

-- Adds two sparse histograms ({"bin": count}) bin by bin.
CREATE OR REPLACE FUNCTION lm_hist_add(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
  FROM (
    SELECT key AS k, sum(value::bigint) AS n
    FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) s
    GROUP BY key
  ) t
$$;

CREATE TABLE IF NOT EXISTS rollup_1m (
  project_id text NOT NULL,
  bucket timestamptz NOT NULL,
  model text NOT NULL,
  provider text NOT NULL,
  endpoint text NOT NULL,
  application text NOT NULL,
  status text NOT NULL,
  requests bigint NOT NULL,
  errors bigint NOT NULL,
  timeouts bigint NOT NULL,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cached_input_tokens bigint NOT NULL,
  reasoning_tokens bigint NOT NULL,
  cost_usd double precision NOT NULL,
  unpriced bigint NOT NULL,
  latency_count bigint NOT NULL,
  latency_sum_ms double precision NOT NULL,
  latency_max_ms double precision NOT NULL,
  ttft_count bigint NOT NULL,
  ttft_sum_ms double precision NOT NULL,
  latency_hist jsonb NOT NULL,
  PRIMARY KEY (project_id, bucket, model, provider, endpoint, application, status)
);

CREATE TABLE IF NOT EXISTS rollup_1h (LIKE rollup_1m INCLUDING ALL);
