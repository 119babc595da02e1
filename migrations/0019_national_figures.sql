-- National figures (issue 22): an establishment's monthly figures as the national office took
-- them in, sealed to its card and signed by the establishment's: no names, no prison numbers,
-- no free text. The newest file per establishment and month is kept; a resend replaces it.
-- Travels between the national office's PCs.
CREATE TABLE national_figures (
    code        TEXT NOT NULL,
    month       TEXT NOT NULL,
    made_at     TEXT NOT NULL,
    figures     TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (code, month)
) STRICT;
