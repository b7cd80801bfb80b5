-- What a teacher may do (issue 18).
--
-- Approval: with teacher_approval on (the default), a teacher who registered
-- is unapproved until an admin approves them; until then students join their
-- groups only by code and they cannot take a pool account. Everyone already
-- here (and every teacher an admin or an operator makes) is approved.
ALTER TABLE accounts_customuser
    ADD COLUMN is_approved BOOLEAN NOT NULL DEFAULT TRUE AFTER is_active;
-- The admins' list of teachers waiting for approval, oldest first.
CREATE INDEX ix_user_pending ON accounts_customuser (role, is_approved, created_at);

-- Pool limits: a start counts the teacher's open leases
-- (pool_max_leases_per_teacher), whatever the length of their history.
CREATE INDEX ix_session_teacher_open ON zoom_pool_session (teacher_id, released_at);
