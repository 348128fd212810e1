-- The hand-written migrator that Flyway replaced kept its own table; such databases are baselined at
-- version 1, and Flyway's history table records everything from here on.
DROP TABLE IF EXISTS schema_version;
