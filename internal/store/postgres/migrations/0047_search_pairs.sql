-- Search at a million articles (issue 16). Two more tsvectors on
-- search_docs, each with its own GIN index, so that the candidate queries
-- are answered from an index instead of a walk over the table that reads
-- every row's tsv from TOAST:
--
-- title_tsv holds the title's lexemes alone (no weights): "the newest
-- title matches" no longer needs tsv @@ 'x':A, which GIN cannot answer
-- (it holds no weights) and which therefore rechecked every match.
--
-- pairs holds every two adjacent lexemes of the title, the byline and
-- the text, joined by '_' ('xa hoi chu' gives 'xa_hoi' 'hoi_chu'), without
-- positions. A phrase ('a' <-> 'b' <-> 'c') implies 'a_b' & 'b_c', which
-- GIN answers exactly without opening a row, so phrase and multi-word
-- queries find the documents holding their words side by side however
-- many documents hold the words apart. Folded streams contain letters
-- and digits only, so '_' cannot occur in a word. The three streams are
-- paired separately: a pair never spans the title and the text.
CREATE FUNCTION search_pairs(folded text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT p)), ''::tsvector)
    FROM (SELECT w || '_' || lead(w) OVER (ORDER BY i) AS p
          FROM unnest(string_to_array(btrim(folded), ' ')) WITH ORDINALITY AS t(w, i)) x
    WHERE p IS NOT NULL
$$;

ALTER TABLE search_docs
    ADD COLUMN title_tsv TSVECTOR NOT NULL GENERATED ALWAYS AS (to_tsvector('simple', title_folded)) STORED,
    ADD COLUMN pairs TSVECTOR NOT NULL GENERATED ALWAYS AS (
        search_pairs(title_folded) || search_pairs(byline_folded) || search_pairs(text_folded)) STORED;
CREATE INDEX search_docs_title_tsv ON search_docs USING GIN (title_tsv);
CREATE INDEX search_docs_pairs ON search_docs USING GIN (pairs);
