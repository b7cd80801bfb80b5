-- Chat (shared/spec/PHASE2-3.md §3.4): conversations, their members with a
-- read pointer, messages with their edit and delete state, the old texts of
-- edited messages, presence, and the single-use tickets of the live stream.
--
-- Costs follow the answer, never the history:
--   * a member's row keeps a copy of the chat's last message id (the order of
--     their chat list, indexed) and their unread count, both set in the same
--     statement that records a message, so a list page, an unread count and
--     the nav total read index ranges the size of the caller's chat list;
--   * messages page by id within a chat (ix_message_chat), newest first with
--     before_id, re-synced with after_id; the chat keeps its message count.
-- The original wrote one accounts_messagereadstatus row per message per
-- member; that table is not created (read state is the pointer).

CREATE TABLE accounts_chat (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name             VARCHAR(255) NOT NULL DEFAULT '',
    chat_type        VARCHAR(20)  NOT NULL DEFAULT 'private',
    created_by_id    BIGINT       NULL,
    -- A group chat linked to a group: its members are the group's teacher
    -- and current students (src/domain/chat_member.c keeps them in step).
    group_id         BIGINT       NULL,
    -- "<lower user id>:<higher user id>" of a private chat: one per pair.
    private_key      VARCHAR(41)  CHARACTER SET ascii COLLATE ascii_bin NULL,
    is_readonly      BOOLEAN      NOT NULL DEFAULT FALSE,
    last_message_id  BIGINT       NULL,
    message_count    BIGINT       NOT NULL DEFAULT 0,
    created_at       DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at       DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                  ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_chat_private (private_key),
    KEY ix_chat_group (group_id),
    KEY ix_chat_created_by (created_by_id),
    CONSTRAINT fk_chat_created_by FOREIGN KEY (created_by_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT fk_chat_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT ck_chat_type CHECK (chat_type IN ('private', 'group')),
    CONSTRAINT ck_chat_private CHECK ((chat_type = 'private') =
        (private_key IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts_chat_participants (
    id                    BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    chat_id               BIGINT      NOT NULL,
    customuser_id         BIGINT      NOT NULL,
    -- The teacher of a group chat and its creator: edit it, delete any
    -- message, mute members.
    is_moderator          BOOLEAN     NOT NULL DEFAULT FALSE,
    joined_at             DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- Messages up to this id are read (NULL: none yet).
    last_read_message_id  BIGINT      NULL,
    -- Messages after the pointer, not the member's own, not deleted.
    unread_count          INT         NOT NULL DEFAULT 0,
    -- The chat's last message id (0: none), the order of the member's list.
    last_message_id       BIGINT      NOT NULL DEFAULT 0,
    muted_until           DATETIME(6) NULL,
    -- The last typing event published for the member (the server's rate
    -- limit) and whether it said "start".
    typing_at             DATETIME(6) NULL,
    typing_on             BOOLEAN     NOT NULL DEFAULT FALSE,
    UNIQUE KEY uq_chat_participant (chat_id, customuser_id),
    KEY ix_participant_list (customuser_id, last_message_id, chat_id),
    KEY ix_participant_unread (customuser_id, unread_count),
    CONSTRAINT fk_participant_chat FOREIGN KEY (chat_id)
        REFERENCES accounts_chat (id) ON DELETE CASCADE,
    CONSTRAINT fk_participant_user FOREIGN KEY (customuser_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_participant_unread CHECK (unread_count >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts_message (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    chat_id        BIGINT      NOT NULL,
    sender_id      BIGINT      NOT NULL,
    message_type   VARCHAR(10) NOT NULL DEFAULT 'text',
    -- At most 4000 characters (the app checks); emptied when deleted.
    text           TEXT        NOT NULL,
    reply_to_id    BIGINT      NULL,
    edited_at      DATETIME(6) NULL,
    deleted_at     DATETIME(6) NULL,
    deleted_by_id  BIGINT      NULL,
    created_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                               ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_message_chat (chat_id, id),
    KEY ix_message_sender (sender_id),
    KEY ix_message_reply (reply_to_id),
    KEY ix_message_deleted_by (deleted_by_id),
    CONSTRAINT fk_message_chat FOREIGN KEY (chat_id)
        REFERENCES accounts_chat (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_sender FOREIGN KEY (sender_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_reply FOREIGN KEY (reply_to_id)
        REFERENCES accounts_message (id) ON DELETE SET NULL,
    CONSTRAINT fk_message_deleted_by FOREIGN KEY (deleted_by_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_message_type CHECK (message_type IN ('text', 'file',
        'image', 'system'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The text a message had before each edit (for moderation; never shown to
-- students).
CREATE TABLE chat_message_edit (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message_id  BIGINT      NOT NULL,
    old_text    TEXT        NOT NULL,
    editor_id   BIGINT      NULL,
    edited_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_message_edit_message (message_id, id),
    KEY ix_message_edit_editor (editor_id),
    CONSTRAINT fk_message_edit_message FOREIGN KEY (message_id)
        REFERENCES accounts_message (id) ON DELETE CASCADE,
    CONSTRAINT fk_message_edit_editor FOREIGN KEY (editor_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When a user was last seen by the chat (online = within 120 s). Apart from
-- accounts_customuser so that it changes nothing a cached answer shows.
CREATE TABLE chat_presence (
    user_id       BIGINT      NOT NULL PRIMARY KEY,
    last_seen_at  DATETIME(6) NOT NULL,
    CONSTRAINT fk_presence_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Single-use tickets for GET /api/realtime/connect/: the SHA-256 of 32
-- random bytes, good for 60 seconds and one use.
CREATE TABLE realtime_ticket (
    token_hash  CHAR(64)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    user_id     BIGINT      NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    used_at     DATETIME(6) NULL,
    KEY ix_ticket_expires (expires_at),
    KEY ix_ticket_user (user_id),
    CONSTRAINT fk_ticket_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
