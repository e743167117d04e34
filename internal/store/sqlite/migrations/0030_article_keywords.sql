-- An article's key words, separated by commas: the tags of a post
-- imported from WordPress. Searched with the article's text.
ALTER TABLE articles ADD COLUMN keywords TEXT NOT NULL DEFAULT '';
