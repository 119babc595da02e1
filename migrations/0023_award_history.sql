-- Award types that can be edited without changing what was issued, signatories chosen per
-- issue, and signature images.
--
-- Each edit of an award type is a new revision; every revision's details are kept as the app
-- wrote them (JSON of AwardTypeDetails), and an award records the revision it was issued under,
-- so a reprint says what the first print said. The signatories printed on an award are copied
-- onto it when it is issued (a sheriff presenting at one ceremony), with their signature image.
-- A signature image is checked and scaled once (PNG, at most 800 pixels on its longer side) and
-- never changed afterwards: a new image is a new row, so older certificates keep theirs.

CREATE TABLE signature_image (
    id               BLOB PRIMARY KEY NOT NULL,
    establishment_id BLOB NOT NULL REFERENCES establishment(id),
    png              BLOB NOT NULL CHECK (length(png) <= 4194304),
    width            INTEGER NOT NULL CHECK (width BETWEEN 1 AND 800),
    height           INTEGER NOT NULL CHECK (height BETWEEN 1 AND 800),
    created_at       TEXT NOT NULL
) STRICT;

ALTER TABLE award_signatory ADD COLUMN signature_image_id BLOB REFERENCES signature_image(id);

CREATE TABLE award_type_revision (
    award_type_id BLOB NOT NULL REFERENCES award_type(id),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    details       TEXT NOT NULL CHECK (json_valid(details)),
    made_at       TEXT NOT NULL,
    made_by       BLOB REFERENCES staff(id),
    PRIMARY KEY (award_type_id, revision)
) STRICT, WITHOUT ROWID;

ALTER TABLE award_type ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
ALTER TABLE award ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
-- An SVQ award carries the candidate's SQA number as it was when issued.
ALTER TABLE award ADD COLUMN candidate_number TEXT;

CREATE TABLE award_signature (
    award_id           BLOB NOT NULL REFERENCES award(id),
    position           INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
    name               TEXT NOT NULL,
    role               TEXT NOT NULL,
    signature_image_id BLOB REFERENCES signature_image(id),
    PRIMARY KEY (award_id, position)
) STRICT, WITHOUT ROWID;

-- What every existing type said is its first revision, and what it said is what its awards
-- were issued under.
INSERT INTO award_type_revision (award_type_id, revision, details, made_at, made_by)
SELECT t.id, 1,
       json_object(
           'kind', t.kind, 'title', t.title, 'svq_level', t.svq_level, 'awarding_body', t.awarding_body,
           'wording', t.wording, 'issuing_organisation', t.issuing_organisation,
           'show_establishment', json(CASE WHEN t.show_establishment THEN 'true' ELSE 'false' END),
           'signatories', (SELECT json_group_array(json_object('name', s.name, 'role', s.role, 'signature', NULL))
                             FROM (SELECT name, role FROM award_signatory WHERE award_type_id = t.id ORDER BY position) s)),
       t.created_at, NULL
  FROM award_type t;

INSERT INTO award_signature (award_id, position, name, role, signature_image_id)
SELECT a.id, s.position, s.name, s.role, NULL
  FROM award a JOIN award_signatory s ON s.award_type_id = a.award_type_id;
