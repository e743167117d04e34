-- An article's key words, separated by commas: the tags of a post
-- imported from WordPress. Searched with the article's text.
ALTER TABLE articles ADD COLUMN keywords TEXT NOT NULL DEFAULT '';

-- Key words are searched, never shown on a cached page: a change to them
-- leaves the site's article version alone (as on SQLite, whose trigger
-- names the public columns).
DROP TRIGGER articles_upd ON articles;
CREATE TRIGGER articles_upd AFTER UPDATE ON articles FOR EACH ROW
    WHEN (OLD.status = 'published' OR NEW.status = 'published')
    EXECUTE FUNCTION bump_site_area('articles', 'id', 'created_at', 'updated_at', 'owner_id', 'pending_revision_id',
        'pending_stage', 'review_note', 'flagged', 'list_fold', 'version', 'keywords');
