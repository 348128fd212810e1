-- A first table.
CREATE TABLE thing (
    id   INT PRIMARY KEY,
    name VARCHAR(64) NOT NULL
);
INSERT INTO thing (id, name) VALUES (1, 'first; not the end of a statement');
