-- A session cancelled because a facilitator was not cleared points at the clearance that had
-- lapsed (or was still waiting), so the screen can go straight to it.
ALTER TABLE session ADD COLUMN cancelled_for_clearance BLOB REFERENCES clearance(id);
