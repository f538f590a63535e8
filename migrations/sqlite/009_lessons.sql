-- 009_lessons: lessons learned (leerervaringen, issue 11, part 2). Per assignment,
-- its participants, its ambtelijk opdrachtgever, a coordinator of a
-- requesting organisation or network management record what went well and
-- what could improve, in one category. A lesson names the role it was
-- written in and the writer's organisation, not the person (the audit log
-- keeps who). Rows are history: never changed, never deleted. See
-- store/lessons.h.

CREATE TABLE lessons (
  id INTEGER PRIMARY KEY,
  assignment_id BIGINT NOT NULL REFERENCES assignments(id),
  category TEXT NOT NULL CHECK (category IN ('proces', 'samenwerking', 'inhoud', 'middelen')),
  went_well TEXT NOT NULL DEFAULT '',
  to_improve TEXT NOT NULL DEFAULT '',
  author_role TEXT NOT NULL CHECK (author_role IN ('deelnemer', 'opdrachtgever', 'coordinator',
                                                   'netwerk-mt')),
  author_organisation_id BIGINT REFERENCES organisations(id),  -- NULL: network management
  created_at TEXT NOT NULL,
  CHECK (went_well <> '' OR to_improve <> '')
);
CREATE INDEX lessons_assignment ON lessons(assignment_id);
CREATE INDEX lessons_created ON lessons(created_at);

CREATE TRIGGER lessons_no_delete BEFORE DELETE ON lessons
BEGIN
  SELECT RAISE(ABORT, 'lessons are never deleted');
END;

CREATE TRIGGER lessons_immutable BEFORE UPDATE ON lessons
BEGIN
  SELECT RAISE(ABORT, 'lessons are immutable');
END;
