-- The XML sitemap of a large site is an index of parts, one a month of
-- publication (issue 16, item 6), each built once and kept until an
-- article in it changes. article_months counts each site's published
-- articles by month of published_at (UTC, as YYYYMM) and versions them:
-- any write of a published article, and any article entering or leaving
-- the published status, adds one to the version of the month(s) it was
-- and is in. The sitemap reads this small table instead of the articles.
CREATE TABLE article_months (
    site_id  INTEGER NOT NULL,
    month    INTEGER NOT NULL,
    articles INTEGER NOT NULL DEFAULT 0,
    version  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, month)
) WITHOUT ROWID;

INSERT INTO article_months (site_id, month, articles, version)
SELECT site_id, CAST(strftime('%Y%m', published_at / 1000000, 'unixepoch') AS INTEGER), count(*), 1
FROM articles WHERE status = 'published' GROUP BY 1, 2;

CREATE TRIGGER article_months_ins AFTER INSERT ON articles WHEN NEW.status = 'published'
BEGIN
    INSERT INTO article_months (site_id, month, articles, version)
    VALUES (NEW.site_id, CAST(strftime('%Y%m', NEW.published_at / 1000000, 'unixepoch') AS INTEGER), 1, 1)
    ON CONFLICT (site_id, month) DO UPDATE SET articles = articles + 1, version = version + 1;
END;

CREATE TRIGGER article_months_del AFTER DELETE ON articles WHEN OLD.status = 'published'
BEGIN
    UPDATE article_months SET articles = articles - 1, version = version + 1
    WHERE site_id = OLD.site_id AND month = CAST(strftime('%Y%m', OLD.published_at / 1000000, 'unixepoch') AS INTEGER);
END;

-- An update leaves the old month (when it was published) and enters the
-- new one (when it is): the same month loses one and gains one.
CREATE TRIGGER article_months_upd_old AFTER UPDATE ON articles WHEN OLD.status = 'published'
BEGIN
    UPDATE article_months SET articles = articles - 1, version = version + 1
    WHERE site_id = OLD.site_id AND month = CAST(strftime('%Y%m', OLD.published_at / 1000000, 'unixepoch') AS INTEGER);
END;

CREATE TRIGGER article_months_upd_new AFTER UPDATE ON articles WHEN NEW.status = 'published'
BEGIN
    INSERT INTO article_months (site_id, month, articles, version)
    VALUES (NEW.site_id, CAST(strftime('%Y%m', NEW.published_at / 1000000, 'unixepoch') AS INTEGER), 1, 1)
    ON CONFLICT (site_id, month) DO UPDATE SET articles = articles + 1, version = version + 1;
END;
