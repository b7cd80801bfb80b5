-- Periodic jobs of the scheduler: last run and result, for metrics.
CREATE TABLE job_run (
    job          VARCHAR(64)  NOT NULL PRIMARY KEY,
    enabled      BOOLEAN      NOT NULL DEFAULT TRUE,
    last_run_at  DATETIME(6)  NULL,
    run_count    BIGINT       NOT NULL DEFAULT 0,
    last_result  JSON         NULL,
    CHECK (last_result IS NULL OR JSON_VALID(last_result))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
