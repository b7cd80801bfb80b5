-- tpanel import-django: which record of the original's dump became which row
-- here, so a second import of the same (or a newer) dump adds only what is
-- new. model is Django's "app.model" (e.g. schedule.lesson); old_pk its
-- primary key there; new_id the id of the row here (the same number when it
-- was free). A row deleted here since keeps its line: it is not imported
-- again.
CREATE TABLE import_django_map (
    model        VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    old_pk       BIGINT       NOT NULL,
    new_id       BIGINT       NOT NULL,
    imported_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (model, old_pk),
    KEY ix_import_map_new (model, new_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
