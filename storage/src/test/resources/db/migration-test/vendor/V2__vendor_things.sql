-- Stands for a script that one database needs and the other skips.
ALTER TABLE thing ADD COLUMN vendor VARCHAR(16);
