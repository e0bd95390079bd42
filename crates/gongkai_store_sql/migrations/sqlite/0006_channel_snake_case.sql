-- Issue 12: one serde casing. The request channel was the only kebab-case key
-- ("in-person", "registered-mail", "ordinary-mail"); it is snake_case like every other key
-- from now on. Rewrites the denormalised column and the channel inside the stored facts
-- JSON (serde_json's compact form: "channel":"in-person"; a quote inside a user's text is
-- escaped there, so the pattern only matches the top-level field). The code still reads
-- the old spelling (serde alias, Channel::from_key), so a row missed here still loads.
UPDATE requests SET channel = 'in_person' WHERE channel = 'in-person';
UPDATE requests SET channel = 'registered_mail' WHERE channel = 'registered-mail';
UPDATE requests SET channel = 'ordinary_mail' WHERE channel = 'ordinary-mail';
UPDATE requests
SET facts = REPLACE(
        REPLACE(
            REPLACE(facts, '"channel":"in-person"', '"channel":"in_person"'),
            '"channel":"registered-mail"', '"channel":"registered_mail"'),
        '"channel":"ordinary-mail"', '"channel":"ordinary_mail"')
WHERE facts LIKE '%"channel":"in-person"%'
   OR facts LIKE '%"channel":"registered-mail"%'
   OR facts LIKE '%"channel":"ordinary-mail"%';
