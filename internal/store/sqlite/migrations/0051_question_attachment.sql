-- A citizen's question may carry one attachment, a photo or a PDF: the id
-- of a media record of the question's site (0: none), stored as a private
-- file (kind 'file', listed as public by no owner, so only signed-in
-- staff open it at /quan-tri/tep/<file key>).
ALTER TABLE questions ADD COLUMN attachment_id INTEGER NOT NULL DEFAULT 0;
