INSERT INTO thing (id, name) VALUES (2, 'second');
INSERT INTO no_such_table (id) VALUES (1);
