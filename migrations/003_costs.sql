-- Cost detail: the input/output split, what caching saved, and which price priced each event.
ALTER TABLE events ADD COLUMN IF NOT EXISTS input_cost_usd double precision;
ALTER TABLE events ADD COLUMN IF NOT EXISTS output_cost_usd double precision;
ALTER TABLE events ADD COLUMN IF NOT EXISTS cache_savings_usd double precision;
ALTER TABLE events ADD COLUMN IF NOT EXISTS price_version text;

ALTER TABLE rollup_1m ADD COLUMN IF NOT EXISTS input_cost_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE rollup_1m ADD COLUMN IF NOT EXISTS output_cost_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE rollup_1m ADD COLUMN IF NOT EXISTS cache_savings_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE rollup_1h ADD COLUMN IF NOT EXISTS input_cost_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE rollup_1h ADD COLUMN IF NOT EXISTS output_cost_usd double precision NOT NULL DEFAULT 0;
ALTER TABLE rollup_1h ADD COLUMN IF NOT EXISTS cache_savings_usd double precision NOT NULL DEFAULT 0;
