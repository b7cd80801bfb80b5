-- One counter for the whole site, bumped after every committed change to
-- the data that cached answers show (src/db/db.c says which tables do not
-- count). A worker serves a cached answer only while the counter still
-- reads what it read when it made the answer, so every host sees a change
-- as soon as the write that made it is acknowledged.

CREATE TABLE data_version (
    id       TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    version  BIGINT UNSIGNED  NOT NULL
) ENGINE=InnoDB;

INSERT INTO data_version (id, version) VALUES (1, 0);
