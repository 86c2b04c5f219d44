-- Per-UTC-day rollups: long windows read whole days here, hours and minutes only at their edges.
CREATE TABLE IF NOT EXISTS rollup_1d (LIKE rollup_1h INCLUDING ALL);

-- Backfill from the hour rollups (only into an empty table): sums add, maxima rise, histograms
-- merge bin by bin.
WITH hours AS (
  SELECT *, date_trunc('day', bucket, 'UTC') AS day FROM rollup_1h
  WHERE NOT EXISTS (SELECT 1 FROM rollup_1d)
),
sums AS (
  SELECT project_id, day, model, provider, endpoint, application, status,
    sum(requests) AS requests, sum(errors) AS errors, sum(timeouts) AS timeouts,
    sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
    sum(cached_input_tokens) AS cached_input_tokens, sum(reasoning_tokens) AS reasoning_tokens,
    sum(cost_usd) AS cost_usd, sum(input_cost_usd) AS input_cost_usd,
    sum(output_cost_usd) AS output_cost_usd, sum(cache_savings_usd) AS cache_savings_usd,
    sum(unpriced) AS unpriced, sum(latency_count) AS latency_count,
    sum(latency_sum_ms) AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms,
    sum(ttft_count) AS ttft_count, sum(ttft_sum_ms) AS ttft_sum_ms
  FROM hours GROUP BY project_id, day, model, provider, endpoint, application, status
),
bins AS (
  SELECT project_id, day, model, provider, endpoint, application, status,
    jsonb_object_agg(bin, n) AS latency_hist
  FROM (
    SELECT project_id, day, model, provider, endpoint, application, status, h.key AS bin,
      sum(h.value::int8) AS n
    FROM hours, jsonb_each_text(latency_hist) AS h
    GROUP BY project_id, day, model, provider, endpoint, application, status, h.key
  ) b
  GROUP BY project_id, day, model, provider, endpoint, application, status
)
INSERT INTO rollup_1d (project_id, bucket, model, provider, endpoint, application, status,
  requests, errors, timeouts, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
  cost_usd, input_cost_usd, output_cost_usd, cache_savings_usd, unpriced, latency_count,
  latency_sum_ms, latency_max_ms, ttft_count, ttft_sum_ms, latency_hist)
SELECT s.project_id, s.day, s.model, s.provider, s.endpoint, s.application, s.status,
  s.requests, s.errors, s.timeouts, s.input_tokens, s.output_tokens, s.cached_input_tokens,
  s.reasoning_tokens, s.cost_usd, s.input_cost_usd, s.output_cost_usd, s.cache_savings_usd,
  s.unpriced, s.latency_count, s.latency_sum_ms, s.latency_max_ms, s.ttft_count, s.ttft_sum_ms,
  coalesce(b.latency_hist, '{}'::jsonb)
FROM sums s
LEFT JOIN bins b USING (project_id, day, model, provider, endpoint, application, status);
