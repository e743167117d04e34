-- Messages sent with the Liên hệ form: personal data, shown only to staff
-- allowed to see citizens' personal data, never published.
CREATE TABLE contact_messages (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_id    BIGINT      NOT NULL,
    name       TEXT        NOT NULL,
    phone      TEXT        NOT NULL DEFAULT '',
    email      TEXT        NOT NULL DEFAULT '',
    subject    TEXT        NOT NULL,
    body       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX contact_messages_site ON contact_messages (site_id, id DESC);
