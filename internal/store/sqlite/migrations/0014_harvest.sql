-- Harvesting through the open API (updated_since) reads a site's articles
-- in the order they last changed.
CREATE INDEX articles_updated ON articles (site_id, updated_at, id);
