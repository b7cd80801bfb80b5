-- Weekly lessons made real, and the personal iCalendar feed.

-- The local date of the weekly occurrence a generated lesson stands for. It
-- stays when the lesson is moved, so generating again creates nothing for
-- that date (the unique key makes it so under concurrency too), the
-- calendar hides that occurrence and the .ics feed lists it as an EXDATE.
ALTER TABLE schedule_lesson
    ADD COLUMN recurring_date DATE NULL AFTER recurring_id,
    ADD UNIQUE KEY uq_lesson_recurring_date (recurring_id, recurring_date);

-- One feed per user. The token in the URL is HMAC-SHA256(secret_key,
-- "calendar-feed:" user_id ":" nonce), so it can be shown again without
-- being stored; token_hash (SHA-256 of the token) finds the user when the
-- feed is fetched. A reset draws a new nonce: the old URL is dead at once.
CREATE TABLE calendar_feed (
    user_id      BIGINT       NOT NULL PRIMARY KEY,
    nonce        CHAR(64)     NOT NULL,
    token_hash   CHAR(64)     NOT NULL,
    created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_calendar_feed_token (token_hash),
    CONSTRAINT fk_calendar_feed_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
