ALTER TABLE thing ADD COLUMN colour VARCHAR(16);
CREATE INDEX thing_colour ON thing (colour);
