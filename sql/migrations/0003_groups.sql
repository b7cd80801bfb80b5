-- Groups, their members, and invite codes (group codes and one-time
-- individual codes share one namespace, enforced by invite_code_namespace).

-- Every invite code in use, whichever kind: its primary key is what keeps
-- a group code and an individual code from ever being equal.
CREATE TABLE invite_code_namespace (
    code        CHAR(8)     NOT NULL PRIMARY KEY,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- kind 'individual': the one-student group a redeemed individual code
-- creates (named after the subject and the student).
CREATE TABLE schedule_group (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    teacher_id   BIGINT       NOT NULL,
    description  TEXT         NOT NULL DEFAULT '',
    invite_code  CHAR(8)      CHARACTER SET ascii COLLATE ascii_bin NULL,
    kind         VARCHAR(10)  NOT NULL DEFAULT 'group',
    subject      VARCHAR(200) NOT NULL DEFAULT '',
    created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                              ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_group_invite_code (invite_code),
    KEY ix_group_teacher_name (teacher_id, kind, name),
    KEY ix_group_name (name),
    CONSTRAINT fk_group_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_invite_code FOREIGN KEY (invite_code)
        REFERENCES invite_code_namespace (code),
    CONSTRAINT ck_group_kind CHECK (kind IN ('group', 'individual'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE schedule_group_students (
    id             BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    group_id       BIGINT NOT NULL,
    customuser_id  BIGINT NOT NULL,
    UNIQUE KEY uq_group_student (group_id, customuser_id),
    KEY ix_group_students_user (customuser_id, group_id),
    CONSTRAINT fk_group_students_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_students_user FOREIGN KEY (customuser_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One-time (or max_uses-time) codes a teacher gives a student for a subject.
-- used_by_id/used_at record the first redemption; every redemption is in
-- schedule_invitecode_use.
CREATE TABLE schedule_individualinvitecode (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    teacher_id   BIGINT       NOT NULL,
    subject      VARCHAR(200) NOT NULL,
    invite_code  CHAR(8)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    is_used      BOOLEAN      NOT NULL DEFAULT FALSE,
    used_by_id   BIGINT       NULL,
    used_at      DATETIME(6)  NULL,
    max_uses     INT          NOT NULL DEFAULT 1,
    use_count    INT          NOT NULL DEFAULT 0,
    expires_at   DATETIME(6)  NULL,
    created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_individual_code (invite_code),
    KEY ix_individual_teacher (teacher_id, is_used, created_at),
    KEY ix_individual_used_by (used_by_id),
    CONSTRAINT fk_individual_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_individual_used_by FOREIGN KEY (used_by_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT fk_individual_code FOREIGN KEY (invite_code)
        REFERENCES invite_code_namespace (code),
    CONSTRAINT ck_individual_uses CHECK (max_uses >= 1 AND use_count >= 0
        AND use_count <= max_uses)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE schedule_invitecode_use (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code_id     BIGINT      NOT NULL,
    student_id  BIGINT      NULL,
    group_id    BIGINT      NULL,
    used_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_code_use (code_id, student_id),
    KEY ix_code_use_student (student_id),
    CONSTRAINT fk_code_use_code FOREIGN KEY (code_id)
        REFERENCES schedule_individualinvitecode (id) ON DELETE CASCADE,
    CONSTRAINT fk_code_use_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT fk_code_use_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
