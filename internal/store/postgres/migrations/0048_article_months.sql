-- The XML sitemap of a large site is an index of parts, one a month of
-- publication (issue 16, item 6), each built once and kept until an
-- article in it changes; the PostgreSQL twin of the SQLite migration with
-- the same number. article_months counts each site's published articles
-- by month of published_at (UTC, as YYYYMM) and versions them: any write
-- of a published article, and any article entering or leaving the
-- published status, adds one to the version of the month(s) it was and
-- is in. The sitemap reads this small table instead of the articles.
CREATE TABLE article_months (
    site_id  BIGINT  NOT NULL,
    month    INTEGER NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    version  BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, month)
);

CREATE FUNCTION article_month(t TIMESTAMPTZ) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
    SELECT (EXTRACT(YEAR FROM t AT TIME ZONE 'UTC') * 100 + EXTRACT(MONTH FROM t AT TIME ZONE 'UTC'))::INTEGER
$$;

INSERT INTO article_months (site_id, month, articles, version)
SELECT site_id, article_month(published_at), count(*), 1
FROM articles WHERE status = 'published' AND published_at > '-infinity' GROUP BY 1, 2;

CREATE FUNCTION article_months_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'published' AND OLD.published_at > '-infinity' THEN
        UPDATE article_months SET articles = articles - 1, version = version + 1
        WHERE site_id = OLD.site_id AND month = article_month(OLD.published_at);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'published' AND NEW.published_at > '-infinity' THEN
        INSERT INTO article_months (site_id, month, articles, version)
        VALUES (NEW.site_id, article_month(NEW.published_at), 1, 1)
        ON CONFLICT (site_id, month) DO UPDATE SET articles = article_months.articles + 1, version = article_months.version + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER article_months_track AFTER INSERT OR UPDATE OR DELETE ON articles
FOR EACH ROW EXECUTE FUNCTION article_months_track();
