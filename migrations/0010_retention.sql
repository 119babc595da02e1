-- Retention: records are not kept forever. A person erased once their retention period has run
-- (years after liberation or transfer, a setting) keeps their row, so that the counts in past
-- reports stay as they were, but with names, numbers and notes replaced or cleared. `erased_on`
-- is the day that happened: it keeps the row out of lists and searches, and refuses any change.
ALTER TABLE participant ADD COLUMN erased_on TEXT;
