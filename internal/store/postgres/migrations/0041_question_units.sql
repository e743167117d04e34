-- The PostgreSQL twin of the SQLite migration with the same number.
-- Questions routed to the unit that answers (phòng ban): a site's units,
-- their members (accounts, who see and draft their unit's questions), the
-- unit a question is assigned to (unit keeps its name as shown), the
-- deadline reminders already sent (one row per question and threshold, so
-- a reminder goes out once whatever the nodes and restarts), and the
-- views of each article per month (Vietnam time) for the monthly report.
CREATE TABLE question_units (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id    BIGINT  NOT NULL,
    name       TEXT    NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version    BIGINT  NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX question_units_name ON question_units (site_id, name);
CREATE TABLE question_unit_members (
    unit_id BIGINT NOT NULL REFERENCES question_units (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX question_unit_members_user ON question_unit_members (user_id);
ALTER TABLE questions ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX questions_unit ON questions (site_id, unit_id, status) WHERE unit_id > 0;
CREATE TABLE question_reminders (
    question_id BIGINT  NOT NULL,
    days        INTEGER NOT NULL,
    sent_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (question_id, days)
);
CREATE TABLE article_views_month (
    article_id BIGINT NOT NULL,
    month      TEXT   NOT NULL,
    views      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, month)
);
