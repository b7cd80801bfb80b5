-- Chat attachments (PHASE2-3 §3.3, §3.6): a message may carry one stored file
-- (0017), uploaded by its sender for its chat (POST /api/chat/upload/). The
-- file's row outlives a deleted message until the clean-up job finds nothing
-- using it; a file removed by the job leaves the message without it.
ALTER TABLE accounts_message
    ADD COLUMN file_id CHAR(32) CHARACTER SET ascii NULL AFTER reply_to_id,
    ADD KEY ix_message_file (file_id),
    ADD CONSTRAINT fk_message_file FOREIGN KEY (file_id)
        REFERENCES stored_file (id) ON DELETE SET NULL;
