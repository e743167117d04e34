-- A letter: a message to one user that is not about an article (the
-- one-time password of a new site's first administrator). It is queued as
-- an inbox notice (article_id 0) whose outbox row carries its own body,
-- emptied once the message is sent or given up.
ALTER TABLE outbox ADD COLUMN body TEXT NOT NULL DEFAULT '';
