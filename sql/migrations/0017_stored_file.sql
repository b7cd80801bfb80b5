-- Stored files (PHASE2-3.md §1.4, §3.6): uploads of homework and chat, kept on
-- disk under media_dir as storage_path (<yyyy>/<mm>/<id>) and served by nginx
-- after the app has authorised the download. id is 128 random bits in hex;
-- mime_type is what libmagic found in the content, never what the client said.
-- homework_id and chat_id say what an upload was made for (a student's answer
-- names its homework, a chat upload its chat); they carry no foreign key here,
-- as those tables belong to their modules. unused_since is set at upload and
-- whenever a module lets go of the file, cleared when a module takes it
-- (file_claim); the stored_files_cleanup job looks only at rows unused for
-- longer than file_unused_grace.
CREATE TABLE stored_file (
    id             CHAR(32)      CHARACTER SET ascii NOT NULL PRIMARY KEY,
    owner_id       BIGINT        NULL,
    purpose        ENUM('homework_media', 'homework_answer', 'homework_feedback', 'chat')
                                 CHARACTER SET ascii NOT NULL,
    homework_id    BIGINT        NULL,
    chat_id        BIGINT        NULL,
    original_name  VARCHAR(255)  NOT NULL,
    mime_type      VARCHAR(100)  CHARACTER SET ascii NOT NULL,
    size           BIGINT        NOT NULL,
    sha256         CHAR(64)      CHARACTER SET ascii NOT NULL,
    storage_path   VARCHAR(64)   CHARACTER SET ascii NOT NULL,
    created_at     DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    unused_since   DATETIME(6)   NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_stored_file_owner (owner_id, created_at),
    KEY ix_stored_file_homework (homework_id),
    KEY ix_stored_file_chat (chat_id),
    KEY ix_stored_file_unused (purpose, unused_since),
    CONSTRAINT fk_stored_file_owner FOREIGN KEY (owner_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_stored_file_size CHECK (size >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
