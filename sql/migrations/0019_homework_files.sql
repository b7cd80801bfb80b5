-- Which stored files homework uses (PHASE2-3.md 3.6), so that downloads can
-- be authorised and the clean-up job can tell a file is still used. A row
-- with submission_id 0 is media of the homework: a question's imageFileId,
-- audioFileId or image/audio URL, or a file URL in its description,
-- instructions, prompts or configs; the students assigned the homework may
-- read it. A row with a submission is an attachment of the teacher's
-- feedback on that work; its student may read it. Students' answer files
-- need no row: their stored_file names the homework, and the answers'
-- attachments name the file.
CREATE TABLE homework_file_ref (
    file_id        CHAR(32)      CHARACTER SET ascii NOT NULL,
    homework_id    BIGINT        NOT NULL,
    submission_id  BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (file_id, homework_id, submission_id),
    KEY ix_homework_file_ref_owner (homework_id, submission_id),
    CONSTRAINT fk_homework_file_ref_file FOREIGN KEY (file_id)
        REFERENCES stored_file (id) ON DELETE CASCADE,
    CONSTRAINT fk_homework_file_ref_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
