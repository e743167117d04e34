-- PostgreSQL's 0042 notifies the other nodes of a change of a site's
-- versions. SQLite serves one node, which learns of its own changes at
-- once and of another process's (a command run beside the server) by
-- polling the versions: nothing to add here.
SELECT 1;
