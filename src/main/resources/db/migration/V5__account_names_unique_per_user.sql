-- Account names tell a user's accounts apart: each name once per user. Earlier duplicates keep their name with
-- their id appended, so none is lost and the constraint can hold.
UPDATE accounts SET name = SUBSTRING(name FROM 1 FOR 40) || '-' || CAST(id AS VARCHAR(20))
    WHERE id NOT IN (SELECT MIN(a.id) FROM accounts a GROUP BY a.user_id, a.name);
ALTER TABLE accounts ADD CONSTRAINT uq_accounts_user_name UNIQUE (user_id, name);
