-- Per-user day rollups: sums and a latency histogram per (project, UTC day, user, application), so
-- breakdowns and budgets by user read days instead of events. '' stands for no user / application.
CREATE TABLE IF NOT EXISTS rollup_user_1d (
  project_id text NOT NULL,
  bucket timestamptz NOT NULL,
  user_id text NOT NULL,
  application text NOT NULL,
  requests bigint NOT NULL,
  errors bigint NOT NULL,
  timeouts bigint NOT NULL,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  cached_input_tokens bigint NOT NULL,
  reasoning_tokens bigint NOT NULL,
  cost_usd double precision NOT NULL,
  input_cost_usd double precision NOT NULL,
  output_cost_usd double precision NOT NULL,
  cache_savings_usd double precision NOT NULL,
  unpriced bigint NOT NULL,
  latency_count bigint NOT NULL,
  latency_sum_ms double precision NOT NULL,
  latency_max_ms double precision NOT NULL,
  ttft_count bigint NOT NULL,
  ttft_sum_ms double precision NOT NULL,
  latency_hist jsonb NOT NULL,
  PRIMARY KEY (project_id, bucket, user_id, application)
);
-- One user's days (budgets, the bins of the users a page shows).
CREATE INDEX IF NOT EXISTS rollup_user_1d_user ON rollup_user_1d (project_id, user_id, bucket);

-- Adds histogram b into a: like lm_hist_add, but walks only b's bins (a batch brings few to a
-- user's day, whose histogram grows).
CREATE OR REPLACE FUNCTION lm_hist_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT a || coalesce(
    (SELECT jsonb_object_agg(k, coalesce((a ->> k)::int8, 0) + v::int8) FROM jsonb_each_text(b) AS e(k, v)),
    '{}'::jsonb)
$$;

-- The events stored so far. The bin is lib/store/histogram_sql.ts binSql('latency_ms') (a test
-- holds them equal). Rows already there are kept, so running this again adds nothing.
WITH day_events AS (
  SELECT project_id, date_trunc('day', ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
    coalesce(user_id, '') AS user_id, coalesce(application, '') AS application, status,
    input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, input_cost_usd,
    output_cost_usd, cache_savings_usd, latency_ms, time_to_first_token_ms
  FROM events
),
sums AS (
  SELECT project_id, bucket, user_id, application,
    count(*) AS requests,
    count(*) FILTER (WHERE status = 'error') AS errors,
    count(*) FILTER (WHERE status = 'timeout') AS timeouts,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    coalesce(sum(cached_input_tokens), 0) AS cached_input_tokens,
    coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens,
    coalesce(sum(cost_usd), 0) AS cost_usd,
    coalesce(sum(input_cost_usd), 0) AS input_cost_usd,
    coalesce(sum(output_cost_usd), 0) AS output_cost_usd,
    coalesce(sum(cache_savings_usd), 0) AS cache_savings_usd,
    count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced,
    count(latency_ms) AS latency_count,
    coalesce(sum(latency_ms), 0) AS latency_sum_ms,
    coalesce(max(latency_ms), 0) AS latency_max_ms,
    count(time_to_first_token_ms) AS ttft_count,
    coalesce(sum(time_to_first_token_ms), 0) AS ttft_sum_ms
  FROM day_events GROUP BY project_id, bucket, user_id, application
),
bin_counts AS (
  SELECT project_id, bucket, user_id, application,
    CASE WHEN latency_ms <= 0.001 THEN -346
         ELSE ceil(ln(latency_ms) / 0.020000666706669435)::int4 END AS bin,
    count(*) AS n
  FROM day_events WHERE latency_ms < 'Infinity'::float8 -- not NaN: it has no bin
  GROUP BY project_id, bucket, user_id, application, bin
),
hists AS (
  SELECT project_id, bucket, user_id, application, jsonb_object_agg(bin::text, n) AS latency_hist
  FROM bin_counts GROUP BY project_id, bucket, user_id, application
)
INSERT INTO rollup_user_1d (project_id, bucket, user_id, application, requests, errors, timeouts,
  input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, input_cost_usd,
  output_cost_usd, cache_savings_usd, unpriced, latency_count, latency_sum_ms, latency_max_ms,
  ttft_count, ttft_sum_ms, latency_hist)
SELECT s.project_id, s.bucket, s.user_id, s.application, s.requests, s.errors, s.timeouts,
  s.input_tokens, s.output_tokens, s.cached_input_tokens, s.reasoning_tokens, s.cost_usd,
  s.input_cost_usd, s.output_cost_usd, s.cache_savings_usd, s.unpriced, s.latency_count,
  s.latency_sum_ms, s.latency_max_ms, s.ttft_count, s.ttft_sum_ms,
  coalesce(h.latency_hist, '{}'::jsonb)
FROM sums s LEFT JOIN hists h USING (project_id, bucket, user_id, application)
ON CONFLICT (project_id, bucket, user_id, application) DO NOTHING;
