-- PostgreSQL dialect of migrations/sqlite/008_actor_notation.sql (same version, same schema).
-- 008_actor_notation: one notation for who did something (docs/api.md "Who
-- did it"): "rol:label". Team proposals stored the bare label in created_by.
-- Only network management makes a proposal: through the API or a page as
-- beheer, or on the command line as system ("cli").
UPDATE team_proposals
   SET created_by = CASE created_by WHEN 'cli' THEN 'system:cli' ELSE 'beheer:' || created_by END
 WHERE strpos(created_by, ':') = 0;
