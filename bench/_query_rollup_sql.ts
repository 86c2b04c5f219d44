// Folds virtual events drawn from the benchmark's traffic profile (_query_dataset.ts) straight
// into rollup_1m / rollup_1h in one SQL statement per time range: what the write path would store
// for those events, without inserting them one by one (the 10M dataset).
import { binSql } from "../lib/store/histogram_sql.ts";
import {
  APPLICATIONS,
  BOUNDS,
  ENDPOINTS,
  ERROR_LATENCY_MS,
  MODELS,
  STATUSES,
  TIMEOUT_LATENCY_MS,
  TTFT_SHARE,
} from "./_query_dataset.ts";

const ROLLUP_COLUMNS = `project_id, bucket, model, provider, endpoint, application, status,
  requests, errors, timeouts, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
  cost_usd, input_cost_usd, output_cost_usd, unpriced, latency_count, latency_sum_ms,
  latency_max_ms, ttft_count, ttft_sum_ms, latency_hist`;

/** Folds the virtual events of `ev` (grouped per bin first) into rows of one rollup table. */
function foldSql(table: string, bucketMs: number): string {
  return `INSERT INTO ${table} (${ROLLUP_COLUMNS})
    SELECT $1::text, to_timestamp(bucket / 1000.0), conf.models[m], conf.providers[m],
      conf.endpoints[e], conf.applications[a], conf.statuses[s], requests,
      CASE WHEN s = 2 THEN requests ELSE 0 END, CASE WHEN s = 3 THEN requests ELSE 0 END,
      input_tokens, output_tokens, 0, 0, cost_usd, input_cost_usd, output_cost_usd, unpriced,
      requests, latency_sum_ms,
      latency_max_ms, ttft_count, ttft_sum_ms, latency_hist
    FROM conf, (
      SELECT bucket, m, e, a, s, sum(n) AS requests, sum(input_tokens) AS input_tokens,
        sum(output_tokens) AS output_tokens, sum(cost_usd) AS cost_usd,
        sum(input_cost_usd) AS input_cost_usd, sum(output_cost_usd) AS output_cost_usd,
        sum(unpriced) AS unpriced,
        sum(latency_sum_ms) AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms,
        sum(ttft_count) AS ttft_count, sum(ttft_sum_ms) AS ttft_sum_ms,
        jsonb_object_agg(bin::text, n) AS latency_hist
      FROM (
        SELECT floor(t_ms / ${bucketMs}) * ${bucketMs} AS bucket, m, e, a, s, bin, count(*) AS n,
          sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
          sum(coalesce(cost_usd, 0)) AS cost_usd,
          sum(coalesce(input_cost_usd, 0)) AS input_cost_usd,
          sum(coalesce(output_cost_usd, 0)) AS output_cost_usd,
          count(*) FILTER (WHERE cost_usd IS NULL) AS unpriced, sum(latency_ms) AS latency_sum_ms,
          max(latency_ms) AS latency_max_ms, count(ttft_ms) AS ttft_count,
          coalesce(sum(ttft_ms), 0) AS ttft_sum_ms
        FROM ev GROUP BY 1, 2, 3, 4, 5, 6
      ) per_bin
      GROUP BY bucket, m, e, a, s
    ) per_row`;
}

/**
 * One statement: $4 virtual events drawn from the profile, spread evenly over [$2, $3) (epoch
 * ms), folded into rollup_1h (and rollup_1m when `minutes`) exactly as the write path would fold
 * those events. Nothing goes to the events table. Parameters: rollupParams(). The profile's
 * arrays are read once (conf), not cast from their parameters on every row.
 */
export function rollupFromVirtualEventsSql(options: { minutes: boolean }): string {
  return `

WITH conf AS MATERIALIZED (
  SELECT $5::float8[] AS model_bounds, $6::float8[] AS endpoint_bounds,
    $7::float8[] AS application_bounds, $8::float8[] AS status_bounds,
    $9::text[] AS models, $10::text[] AS providers, $11::text[] AS endpoints,
    $12::text[] AS applications, $13::text[] AS statuses, $14::float8[] AS median_latency_ms,
    $15::float8[] AS sigma, $16::float8[] AS mean_input_tokens, $17::float8[] AS mean_output_tokens,
    $18::float8[] AS usd_per_mtok_in, $19::float8[] AS usd_per_mtok_out, $20::int4[] AS streaming,
    ($3::float8 - $2::float8) / $4::int AS slot_ms
),
drawn AS (
  SELECT $2::float8 + (g + random()) * conf.slot_ms AS t_ms,
    width_bucket(random(), conf.model_bounds) AS m,
    width_bucket(random(), conf.endpoint_bounds) AS e,
    width_bucket(random(), conf.application_bounds) AS a,
    width_bucket(random(), conf.status_bounds) AS s,
    sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z, random() AS u1, random() AS u2
  FROM conf, generate_series(0, $4::int - 1) AS g
),
priced AS (
  SELECT t_ms, m, e, a, s,
    round(10 * CASE s WHEN 1 THEN conf.median_latency_ms[m] * exp(conf.sigma[m] * z)
                      WHEN 2 THEN ${ERROR_LATENCY_MS} * exp(0.5 * z)
                      ELSE ${TIMEOUT_LATENCY_MS} + 2000 * u1 END) / 10 AS latency_ms,
    floor(conf.mean_input_tokens[m] * (0.25 + 1.5 * u1))::int8 AS input_tokens,
    CASE WHEN s = 1 THEN floor(conf.mean_output_tokens[m] * (0.25 + 1.5 * u2))::int8 ELSE 0 END
      AS output_tokens
  FROM conf, drawn
),
ev AS MATERIALIZED (
  SELECT t_ms, m, e, a, s, latency_ms, input_tokens, output_tokens,
    ${binSql("latency_ms")} AS bin,
    CASE WHEN conf.usd_per_mtok_in[m] >= 0
         THEN (input_tokens * conf.usd_per_mtok_in[m] + output_tokens * conf.usd_per_mtok_out[m])
           / 1e6
    END AS cost_usd,
    CASE WHEN conf.usd_per_mtok_in[m] >= 0 THEN input_tokens * conf.usd_per_mtok_in[m] / 1e6
    END AS input_cost_usd,
    CASE WHEN conf.usd_per_mtok_in[m] >= 0 THEN output_tokens * conf.usd_per_mtok_out[m] / 1e6
    END AS output_cost_usd,
    CASE WHEN conf.streaming[e] = 1 AND s = 1 THEN round(latency_ms * ${TTFT_SHARE * 10}) / 10
    END AS ttft_ms
  FROM conf, priced
)${options.minutes ? `, minutes AS (${foldSql("rollup_1m", 60_000)} RETURNING 1)` : ""}
${foldSql("rollup_1h", 3_600_000)}`;
}

/** Parameters of ROLLUP_FROM_VIRTUAL_EVENTS_SQL for `count` events over [fromMs, toMs). */
export function rollupParams(
  projectId: string,
  fromMs: number,
  toMs: number,
  count: number,
): unknown[] {
  return [
    projectId,
    fromMs,
    toMs,
    count,
    BOUNDS.model,
    BOUNDS.endpoint,
    BOUNDS.application,
    BOUNDS.status,
    MODELS.map((m) => m.model),
    MODELS.map((m) => m.provider),
    ENDPOINTS.map((e) => e.endpoint),
    APPLICATIONS.map((a) => a.application ?? ""),
    STATUSES.map((s) => s.status),
    MODELS.map((m) => m.latency_ms),
    MODELS.map((m) => m.sigma),
    MODELS.map((m) => m.input_tokens),
    MODELS.map((m) => m.output_tokens),
    MODELS.map((m) => m.usd_per_mtok?.input ?? -1),
    MODELS.map((m) => m.usd_per_mtok?.output ?? -1),
    ENDPOINTS.map((e) => (e.streaming ? 1 : 0)),
  ];
}
