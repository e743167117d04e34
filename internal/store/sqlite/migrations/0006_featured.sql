-- Featured articles for the home page without reading every article.
CREATE INDEX articles_featured ON articles (site_id, published_at DESC, id DESC) WHERE featured = 1 AND status = 'published';
