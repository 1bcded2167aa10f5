-- The practice of :N patients for `make bench-scale`, written set by set in SQL
-- (bench/scale.py runs it once the schema and the staff are in place).
--
-- One row of bench_course per patient says where they stand; every other table is
-- generated from it with generate_series, so nothing passes through Python or the ORM.
-- The audit events' hashes are placeholders: the chain is not meant to verify.
--
-- Of every 1,000 patients: 130 in treatment, 20 paused, 40 completed, 10 discharged
-- (those 200 have a journal of 4 to 52 weeks: a safety check and a home session a week,
-- a check-in a week, an exercise a week on the CRPS pathway, a fill every four weeks with
-- its shipment, two message threads), 20 approved, 10 ready for a consult, 1 candidate
-- waiting for a clinician, 269 declined and 500 referred elsewhere. A few of each kind of
-- open work (flags, unreviewed adverse events, refill requests, missed check-ins, orders
-- for the pharmacy) keep the queues realistic.

SET synchronous_commit = off;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT setseed(0.15);

CREATE UNLOGGED TABLE bench_course AS
SELECT
    i,
    i AS patient_id,
    1000 + i AS user_id,
    CASE WHEN i % 2 = 0 THEN 'FL' ELSE 'NJ' END AS state,
    CASE
        WHEN b < 130 THEN 'in_treatment'
        WHEN b < 150 THEN 'paused'
        WHEN b < 190 THEN 'completed'
        WHEN b < 200 THEN 'discharged'
        WHEN b < 220 THEN 'approved'
        WHEN b < 230 THEN 'ready_for_consult'
        WHEN b < 231 THEN 'candidate'
        WHEN b < 500 THEN 'declined'
        ELSE 'referred'
    END AS status,
    b,
    (ARRAY['crps', 'chronic_pain', 'depression', 'anxiety'])[1 + i % 4] AS pathway,
    -- Weeks of journal: the longest-serving have a year of it.
    CASE WHEN b < 200 THEN 4 + (i * 31) % 49 ELSE 0 END AS weeks,
    -- Those who stopped did so some weeks ago.
    CASE WHEN b >= 130 AND b < 200 THEN 1 + i % 8 ELSE 0 END AS stopped_weeks_ago
FROM (SELECT i, (i * 7919) % 1000 AS b FROM generate_series(1::bigint, :N) AS i) AS numbered;
ALTER TABLE bench_course ADD PRIMARY KEY (i);
ANALYZE bench_course;

CREATE UNLOGGED TABLE bench_names AS
SELECT
    ARRAY['Maria', 'Elena', 'James', 'Daniel', 'Ana', 'Luis', 'Priya', 'Jordan', 'Sam', 'Alex',
          'Grace', 'Omar', 'Chloe', 'Mateo', 'Aisha', 'Noah', 'Lena', 'Ravi', 'Sofia', 'Ethan',
          'Hana', 'Victor', 'Nora', 'Felix', 'Iris', 'Tomas', 'Maya', 'Owen', 'Leah', 'Isaac',
          'Zara', 'Hugo', 'Ruth', 'Kofi', 'Mei', 'Pablo', 'Eva', 'Jonah', 'Lucia', 'Amir']
        AS firsts,
    ARRAY['Gomez', 'Torres', 'Walsh', 'Brooks', 'Rivera', 'Okafor', 'Shah', 'Lee', 'Patel',
          'Morgan', 'Nguyen', 'Kim', 'Garcia', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones',
          'Miller', 'Davis', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson',
          'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Thompson', 'White', 'Harris',
          'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
          'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell',
          'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards',
          'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morales', 'Reed', 'Bailey', 'Bell',
          'Cooper', 'Richardson', 'Cox', 'Howard', 'Ward', 'Peterson', 'Gray', 'James', 'Watson',
          'Kowalski', 'Novak', 'Haddad', 'Mensah', 'Olsen', 'Fischer', 'Rossi', 'Dubois',
          'Silva', 'Costa', 'Tanaka', 'Sato', 'Chen', 'Wang', 'Singh', 'Khan', 'Ali', 'Ibrahim',
          'Cohen', 'Levi', 'Murray', 'Quinn'] AS lasts;

-- People and patients ----------------------------------------------------------------------

INSERT INTO accounts_user (id, password, is_superuser, email, full_name, is_active, is_staff,
                           date_joined, language)
SELECT user_id, '!', false, 'patient' || i || '@scale.example', '', true, false,
       now() - interval '400 days' + (i % 300) * interval '1 day', 'en'
FROM bench_course;

INSERT INTO accounts_rolegrant (role, granted_at, user_id)
SELECT 'patient', now() - interval '400 days', user_id FROM bench_course;

INSERT INTO assessment_assessment (id, public_id, questionnaire, as_of, answers, outcome, reasons,
                                   referrals, pathways, scores, state, questionnaire_response,
                                   completed_at, user_id)
SELECT c.i, gen_random_uuid(), 'ketaclinic-eligibility-v1',
       (now() - interval '400 days')::date + (c.i % 30)::int,
       jsonb_build_object('state', c.state, 'conditions', jsonb_build_array(c.pathway),
                          'date_of_birth', '1975-03-14', 'peg_1', 7, 'peg_2', 7, 'peg_3', 6),
       CASE WHEN c.i % 10 = 0 THEN 'clinician_review' ELSE 'eligible' END,
       '[]'::jsonb, '[]'::jsonb,
       CASE c.pathway WHEN 'chronic_pain' THEN '["chronic_pain", "depression"]'::jsonb
                      WHEN 'depression' THEN '["depression", "anxiety"]'::jsonb
                      ELSE jsonb_build_array(c.pathway) END,
       '{"peg": 6.7, "phq9": 15, "gad7": 12}'::jsonb, c.state, '{}'::jsonb,
       now() - interval '400 days' + (c.i % 30) * interval '1 day', c.user_id
FROM bench_course AS c;

INSERT INTO patients_patient (id, public_id, legal_name, date_of_birth, date_of_birth_differs, state,
                              status, created_at, assessment_id, user_id, phone, texts_allowed,
                              address_line1, address_line2, city, zip_code, county, time_zone,
                              emergency_contact_name, emergency_contact_phone,
                              emergency_contact_relationship, profile_completed_at)
SELECT c.i, gen_random_uuid(),
       -- First and last names drawn apart from each other and from the patient's number
       -- (Knuth's multiplicative hash of it), as in a real practice, where a common surname
       -- is spread across every first name: the search by name walks the names in order.
       n.firsts[1 + c.h % array_length(n.firsts, 1)] || ' '
           || n.lasts[1 + (c.h / 40) % array_length(n.lasts, 1)]
           || CASE WHEN c.i % 3 = 0 THEN '-' || n.lasts[1 + (c.h / 4000) % array_length(n.lasts, 1)]
                   ELSE '' END,
       date '1950-01-01' + ((c.i * 37) % 18000)::int, false, c.state, c.status,
       now() - interval '400 days' + (c.i % 30) * interval '1 day', c.i, c.user_id,
       '+1305555' || lpad((c.i % 10000)::text, 4, '0'), c.i % 2 = 0,
       (100 + c.i % 9000) || ' Bayshore Drive', '', CASE c.state WHEN 'FL' THEN 'Miami' ELSE 'Newark' END,
       CASE c.state WHEN 'FL' THEN '33133' ELSE '07102' END,
       CASE c.state WHEN 'FL' THEN 'Miami-Dade' ELSE 'Essex' END, 'America/New_York',
       'Luis Gomez', '+13055550188', 'Brother', now() - interval '390 days'
FROM (SELECT *, (i::bigint * 2654435761) % 4294967296 AS h FROM bench_course) AS c
     CROSS JOIN bench_names AS n;

INSERT INTO patients_timelineevent (kind, at, summary, detail, patient_id, actor_id)
SELECT 'patient.joined', now() - interval '400 days', 'Joined from the assessment', '{}'::jsonb,
       c.patient_id, c.user_id
FROM bench_course AS c;

-- Decisions, consults, plans, prescriptions ------------------------------------------------

-- When each patient's treatment began: their journal runs from here.
CREATE UNLOGGED TABLE bench_start AS
SELECT c.*, now() - ((c.weeks + c.stopped_weeks_ago) * 7 + 7) * interval '1 day' AS began
FROM bench_course AS c
WHERE c.status IN ('in_treatment', 'paused', 'completed', 'discharged', 'approved');
UPDATE bench_start SET began = now() - interval '10 days' WHERE status = 'approved';
ALTER TABLE bench_start ADD PRIMARY KEY (i);
ANALYZE bench_start;

INSERT INTO care_candidatedecision (decision, referral, reason_for_patient, why, decided_at,
                                    decided_by_id, patient_id)
SELECT CASE c.status WHEN 'declined' THEN 'decline' WHEN 'referred' THEN 'refer' ELSE 'approve' END,
       CASE WHEN c.status = 'referred' THEN 'psychiatry' ELSE '' END,
       CASE WHEN c.status IN ('declined', 'referred') THEN 'Another treatment suits you better.'
            ELSE '' END,
       'Reviewed at the first visit.', now() - interval '380 days',
       CASE c.state WHEN 'FL' THEN :clinician_fl ELSE :clinician_nj END, c.patient_id
FROM bench_course AS c
WHERE c.b < 220 OR c.status IN ('declined', 'referred');

INSERT INTO care_consult (public_id, starts_at, ends_at, status, video_room, booked_at,
                          times_rescheduled, booked_by_id, clinician_id, patient_id)
SELECT gen_random_uuid(), s.began - interval '7 days', s.began - interval '7 days' + interval '30 minutes',
       'completed', 'scale-first-' || s.i, s.began - interval '14 days', 0, s.user_id,
       CASE s.state WHEN 'FL' THEN :clinician_fl ELSE :clinician_nj END, s.patient_id
FROM bench_start AS s;

-- Those ready for a consult have one booked over the next ten days, some of them today.
INSERT INTO care_consult (public_id, starts_at, ends_at, status, video_room, booked_at,
                          times_rescheduled, booked_by_id, clinician_id, patient_id)
SELECT gen_random_uuid(),
       date_trunc('day', now()) + (c.i % 10) * interval '1 day' + interval '14 hours'
           + (c.i / 10) * interval '1 millisecond',
       date_trunc('day', now()) + (c.i % 10) * interval '1 day' + interval '14 hours 30 minutes'
           + (c.i / 10) * interval '1 millisecond',
       'booked', 'scale-booked-' || c.i, now() - interval '3 days', 0, c.user_id,
       CASE c.state WHEN 'FL' THEN :clinician_fl ELSE :clinician_nj END, c.patient_id
FROM bench_course AS c
WHERE c.status = 'ready_for_consult';

INSERT INTO care_treatmentplan (id, public_id, patient_id, indication, phase,
                                induction_mg_per_session, induction_sessions_per_week,
                                maintenance_mg_per_session, maintenance_sessions_per_week,
                                no_dose_systolic_from, no_dose_diastolic_from,
                                no_dose_heart_rate_above, check_in_every_days, exercise_programme,
                                written_by_id, written_at, end_reason)
SELECT s.i, gen_random_uuid(), s.patient_id, s.pathway, 'maintenance', 100, 2, 150, 1, 160, 100, 110,
       7, CASE s.pathway WHEN 'crps' THEN 'gmi_laterality' ELSE 'none' END,
       CASE s.state WHEN 'FL' THEN :clinician_fl ELSE :clinician_nj END, s.began - interval '7 days', ''
FROM bench_start AS s;

-- A prescription lasts six fills (the original and five refills): three in a year.
INSERT INTO care_prescription (id, public_id, patient_id, prescriber_id, plan_id, form, dose_mg,
                               strength_mg, units_per_dose, doses_per_week, hold_minutes, quantity,
                               days_supply, refills, pharmacy_name, directions, issued_at, issued_on,
                               expires_on, status, cancel_reason)
SELECT s.i * 3 + r, gen_random_uuid(), s.patient_id,
       CASE s.state WHEN 'FL' THEN :clinician_fl ELSE :clinician_nj END, s.i, 'troche', 150, 150, 1, 1,
       15, 4, 28, 5, 'Ketaclinic Compounding Pharmacy',
       'Dissolve one troche under the tongue, once a week, with your monitor present.',
       s.began + (r * 168 - 7) * interval '1 day', (s.began + (r * 168 - 7) * interval '1 day')::date,
       (s.began + (r * 168 - 7) * interval '1 day')::date + 365, 'signed', ''
FROM bench_start AS s
CROSS JOIN LATERAL generate_series(0, (greatest(s.weeks, 1) - 1) / 24) AS r;

-- Fills: one every four weeks of the journal (the first the original, the rest refills with
-- their approved requests), each shipped and delivered; a few of the latest still at the
-- pharmacy. Approved patients have their original fill, except a few never started.
CREATE UNLOGGED TABLE bench_fill AS
SELECT row_number() OVER (ORDER BY s.i, k) AS id, s.i, s.i * 3 + k / 6 AS prescription_id,
       s.patient_id, s.user_id, k,
       s.began + k * interval '28 days' - interval '3 days' AS queued_at,
       k = (greatest(s.weeks, 1) - 1) / 4 AND s.status = 'in_treatment' AND s.i % 500 = 11 AS still_open
FROM bench_start AS s
CROSS JOIN LATERAL generate_series(0, (greatest(s.weeks, 1) - 1) / 4) AS k
WHERE NOT (s.status = 'approved' AND s.i % 1000 = 317);
UPDATE bench_fill SET still_open = true
WHERE i IN (SELECT i FROM bench_start WHERE status = 'approved' AND i % 50 = 3);
ANALYZE bench_fill;

INSERT INTO pharmacy_refillrequest (id, public_id, prescription_id, requested_at, requested_by_id,
                                    status, reasons, flags, decided_by_id, decided_at, decline_reason)
SELECT f.id, gen_random_uuid(), f.prescription_id, f.queued_at - interval '2 days', f.user_id,
       'approved', '[]'::jsonb, '[]'::jsonb, :clinician_fl, f.queued_at, ''
FROM bench_fill AS f
WHERE f.k % 6 > 0;

INSERT INTO pharmacy_fill (id, public_id, prescription_id, kind, refill_request_id, status, queued_at,
                           verified_by_id, verified_at, lot_number, beyond_use_date,
                           quantity_dispensed, filled_by_id, filled_at)
SELECT f.id, gen_random_uuid(), f.prescription_id,
       CASE WHEN f.k % 6 = 0 THEN 'original' ELSE 'refill' END,
       CASE WHEN f.k % 6 = 0 THEN NULL ELSE f.id END,
       CASE WHEN f.still_open THEN 'queued' ELSE 'shipped' END, f.queued_at,
       CASE WHEN f.still_open THEN NULL ELSE :pharmacist END,
       CASE WHEN f.still_open THEN NULL ELSE f.queued_at + interval '2 hours' END,
       CASE WHEN f.still_open THEN '' ELSE 'LOT' || (f.id % 997) END,
       CASE WHEN f.still_open THEN NULL ELSE (f.queued_at + interval '90 days')::date END,
       CASE WHEN f.still_open THEN NULL ELSE 4 END,
       CASE WHEN f.still_open THEN NULL ELSE :pharmacist END,
       CASE WHEN f.still_open THEN NULL ELSE f.queued_at + interval '3 hours' END
FROM bench_fill AS f;

-- Prescriptions with no fill yet are new to the pharmacy (none in this practice, as it is
-- written: every prescription has its first fill).
INSERT INTO pharmacy_newprescription (prescription_id)
SELECT p.id FROM care_prescription AS p
WHERE NOT EXISTS (SELECT 1 FROM bench_fill AS f WHERE f.prescription_id = p.id);

INSERT INTO pharmacy_shipment (id, public_id, fill_id, carrier, tracking_number, tracking_url,
                               signature_required, status, shipped_at, shipped_by_id, signed_by,
                               delivered_at, failed_attempts)
SELECT f.id, gen_random_uuid(), f.id, 'local', 'SCALE' || f.id, '', true, 'delivered',
       f.queued_at + interval '4 hours', :pharmacist, 'Patient', f.queued_at + interval '2 days', 0
FROM bench_fill AS f
WHERE NOT f.still_open;

INSERT INTO pharmacy_shipmentevent (shipment_id, kind, at, detail, recorded_by_id, carrier_event_id)
SELECT f.id, kinds.kind, f.queued_at + kinds.after, '', :pharmacist, ''
FROM bench_fill AS f
CROSS JOIN (VALUES ('delivered', interval '2 days')) AS kinds (kind, after)
WHERE NOT f.still_open;

-- Refill requests waiting for a clinician.
INSERT INTO pharmacy_refillrequest (public_id, prescription_id, requested_at, requested_by_id,
                                    status, reasons, flags, decline_reason)
SELECT gen_random_uuid(), s.i * 3 + (greatest(s.weeks, 1) - 1) / 24, now() - (s.i % 5) * interval '1 day',
       s.user_id, 'awaiting_clinician',
       '[]'::jsonb, CASE WHEN s.i % 3 = 0 THEN '["early_refill"]'::jsonb ELSE '[]'::jsonb END, ''
FROM bench_start AS s
WHERE s.status = 'in_treatment' AND s.i % 500 = 7;

-- The journal ------------------------------------------------------------------------------

-- A session a week, each after its passing safety check (the two share their ids).
CREATE UNLOGGED TABLE bench_week AS
SELECT row_number() OVER (ORDER BY s.i, n) AS id, s.i, s.patient_id, s.pathway, s.status, n, s.weeks,
       s.began + n * interval '7 days' + (s.i % 11) * interval '1 hour' AS at
FROM bench_start AS s
CROSS JOIN LATERAL generate_series(0, s.weeks - 1) AS n
WHERE s.status <> 'approved';
ANALYZE bench_week;

INSERT INTO journal_safetycheck (id, public_id, patient_id, checked_at, systolic, diastolic, pulse,
                                 monitor_present, fasted_2h, no_driving_today, safe_place,
                                 no_alcohol_or_sedatives_24h, no_self_harm_thoughts, feeling_well,
                                 not_pregnant, passed, refusals)
SELECT w.id, gen_random_uuid(), w.patient_id, w.at, 118 + (w.id % 15)::int, 76 + (w.id % 9)::int,
       64 + (w.id % 20)::int, true, true, true, true, true, true, true, true, true, '[]'::jsonb
FROM bench_week AS w;

INSERT INTO journal_homesession (id, public_id, patient_id, prescription_id, fill_id, safety_check_id,
                                 started_at, units_taken, mg, finished_at, pain_now, dissociation,
                                 side_effects, after_systolic, after_diastolic, self_harm_thoughts,
                                 note, red_flags)
SELECT w.id, gen_random_uuid(), w.patient_id, w.i * 3 + w.n / 24, f.id, w.id, w.at + interval '5 minutes',
       1, 150,
       w.at + interval '2 hours', 3 + (w.id % 4)::int, 2 + (w.id % 5)::int,
       CASE WHEN w.id % 7 = 0 THEN '["nausea"]'::jsonb ELSE '[]'::jsonb END, 124, 80, false, '',
       '[]'::jsonb
FROM bench_week AS w
LEFT JOIN bench_fill AS f ON f.i = w.i AND f.k = w.n / 4;

-- A check-in a week: the pathway's instrument, every other week its second one; a scheduled
-- one due in the coming week; one in twenty missed, its flag seen to long since.
INSERT INTO journal_checkin (public_id, patient_id, instrument, due_on, completed_at, reminded_at,
                             missed_flagged_at, responses, score, observation, wording,
                             language)
SELECT gen_random_uuid(), w.patient_id, m.instrument, (w.at + interval '2 days')::date,
       CASE WHEN m.missed THEN NULL ELSE w.at + interval '2 days' END,
       w.at + interval '2 days',
       CASE WHEN m.missed THEN w.at + interval '4 days' END,
       '{}'::jsonb,
       CASE WHEN m.missed THEN '{}'::jsonb
            WHEN m.instrument = 'peg' THEN jsonb_build_object(
                'total', to_char(greatest(1.0, 6.8 - w.n * 0.07 + (w.id % 7) * 0.2), 'FM990.0'))
            ELSE jsonb_build_object('total', (greatest(0, 15 - w.n / 3 + (w.id % 5)::int))::text,
                                    'severity', 'moderate') END,
       '{}'::jsonb, 'adapted-1', CASE WHEN m.missed THEN '' ELSE 'en' END
FROM bench_week AS w
CROSS JOIN LATERAL (
    SELECT CASE
               WHEN w.n % 2 = 1 AND w.pathway = 'chronic_pain' THEN 'phq9'
               WHEN w.n % 2 = 1 AND w.pathway = 'depression' THEN 'gad7'
               WHEN w.pathway IN ('crps', 'chronic_pain') THEN 'peg'
               WHEN w.pathway = 'depression' THEN 'phq9'
               ELSE 'gad7'
           END AS instrument,
           (w.id % 20 = 0 AND w.n < w.weeks - 1) AS missed
) AS m;

INSERT INTO journal_checkin (public_id, patient_id, instrument, due_on, responses, score, observation,
                             wording, language)
SELECT gen_random_uuid(), s.patient_id,
       CASE WHEN s.pathway IN ('crps', 'chronic_pain') THEN 'peg'
            WHEN s.pathway = 'depression' THEN 'phq9' ELSE 'gad7' END,
       CASE WHEN s.i % 400 = 9 THEN current_date - 5 ELSE current_date + (s.i % 7)::int END,
       '{}'::jsonb, '{}'::jsonb, '{}'::jsonb, '', ''
FROM bench_start AS s
WHERE s.status = 'in_treatment';

INSERT INTO care_clinicianflag (public_id, patient_id, reason, raised_at, raised_by_id,
                                acknowledged_by_id, acknowledged_at)
SELECT gen_random_uuid(), w.patient_id, 'missed_check_in', w.at + interval '4 days', NULL,
       CASE WHEN w.state_fl THEN :clinician_fl ELSE :clinician_nj END, w.at + interval '5 days'
FROM (SELECT bw.*, bw.i % 2 = 0 AS state_fl FROM bench_week AS bw) AS w
WHERE w.id % 20 = 0 AND w.n < w.weeks - 1;

-- Flags and adverse events: some long seen to, a few still open.
INSERT INTO care_clinicianflag (public_id, patient_id, reason, raised_at, raised_by_id,
                                acknowledged_by_id, acknowledged_at)
SELECT gen_random_uuid(), w.patient_id,
       (ARRAY['bladder', 'high_dissociation', 'vomiting', 'very_high_bp'])[1 + (w.id / 97 % 4)::int],
       w.at + interval '3 hours', NULL,
       CASE WHEN w.n = w.weeks - 1 AND w.i % 1000 = 3 THEN NULL
            WHEN w.i % 2 = 0 THEN :clinician_fl ELSE :clinician_nj END,
       CASE WHEN w.n = w.weeks - 1 AND w.i % 1000 = 3 THEN NULL ELSE w.at + interval '1 day' END
FROM bench_week AS w
WHERE w.id % 97 = 0 OR (w.n = w.weeks - 1 AND w.i % 1000 = 3 AND w.status = 'in_treatment');

INSERT INTO care_adverseevent (public_id, patient_id, reported_by_id, reported_at, grade, description,
                               reviewed_by_id, reviewed_at)
SELECT gen_random_uuid(), w.patient_id, 1000 + w.i, w.at + interval '1 day',
       CASE WHEN w.id % 10 = 0 THEN 'serious' WHEN w.id % 3 = 0 THEN 'moderate' ELSE 'mild' END,
       'Nausea and a headache after the session.',
       CASE WHEN w.n = w.weeks - 1 AND w.i % 2000 = 5 THEN NULL
            WHEN w.i % 2 = 0 THEN :clinician_fl ELSE :clinician_nj END,
       CASE WHEN w.n = w.weeks - 1 AND w.i % 2000 = 5 THEN NULL ELSE w.at + interval '2 days' END
FROM bench_week AS w
WHERE w.id % 61 = 0 OR (w.n = w.weeks - 1 AND w.i % 2000 = 5 AND w.status = 'in_treatment');

-- The exercises on the CRPS pathway: graded motor imagery after each session.
INSERT INTO journal_exerciselog (public_id, patient_id, session_id, exercise, phase, scheduled_for,
                                 done_at, reminded_at, completed, discomfort, note)
SELECT gen_random_uuid(), w.patient_id, w.id,
       CASE WHEN w.n < 8 THEN 'laterality' WHEN w.n < 16 THEN 'imagined_movements' ELSE 'mirror' END,
       CASE WHEN w.n < 8 THEN 1 WHEN w.n < 16 THEN 2 ELSE 3 END,
       w.at + interval '1 day', w.at + interval '1 day 2 hours', NULL, true, (w.id % 4)::int, ''
FROM bench_week AS w
WHERE w.pathway = 'crps';

-- Messages: two clinical threads in a year, three messages each.
INSERT INTO patients_messagethread (id, public_id, patient_id, subject, topic, is_open,
                                    awaiting_care_team, created_at, last_message_at)
SELECT row_number() OVER (ORDER BY s.i, t), gen_random_uuid(), s.patient_id,
       CASE t WHEN 0 THEN 'About my first session' ELSE 'A question about my dose' END, 'clinical',
       t = 1, false, s.began + t * interval '60 days', s.began + t * interval '60 days' + interval '1 day'
FROM bench_start AS s
CROSS JOIN generate_series(0, 1) AS t
WHERE s.status <> 'approved';

INSERT INTO patients_message (thread_id, author_id, from_patient, body, sent_at)
SELECT th.id, CASE WHEN m % 2 = 0 THEN p.user_id WHEN p.state = 'FL' THEN :clinician_fl
                   ELSE :clinician_nj END,
       m % 2 = 0,
       CASE WHEN m % 2 = 0 THEN 'I felt lightheaded for an hour afterwards. Is that expected?'
            ELSE 'That can happen. Sit down for the whole session and tell us if it lasts.' END,
       th.created_at + m * interval '6 hours'
FROM patients_messagethread AS th
JOIN patients_patient AS p ON p.id = th.patient_id
CROSS JOIN generate_series(0, 2) AS m;

-- The audit log: who looked at and changed what, a few events a patient.
INSERT INTO audit_auditevent (seq, at, actor_id, actor_email, actor_roles, action, object_type,
                              object_id, patient_id, ip, user_agent, request_id, detail, prev_hash,
                              hash)
SELECT (SELECT coalesce(max(seq), 0) FROM audit_auditevent) + row_number() OVER (ORDER BY e.at, e.patient_id),
       e.at, e.actor, '', e.roles, e.action,
       'patient', e.patient_id::text, e.patient_id, NULL, '', '', '{}'::jsonb,
       repeat('0', 64), md5(e.patient_id::text || e.action) || md5(e.at::text)
FROM (
    SELECT c.patient_id, 'patient.joined' AS action, c.user_id AS actor, 'patient' AS roles,
           now() - interval '400 days' + (c.i % 30) * interval '1 day' AS at
    FROM bench_course AS c
    UNION ALL
    SELECT w.patient_id, CASE WHEN w.n % 8 = 0 THEN 'care.chart_viewed' ELSE 'journal.session_recorded' END,
           CASE WHEN w.n % 8 = 0 THEN (CASE WHEN w.i % 2 = 0 THEN :clinician_fl ELSE :clinician_nj END)
                ELSE 1000 + w.i END,
           CASE WHEN w.n % 8 = 0 THEN 'clinician' ELSE 'patient' END, w.at
    FROM bench_week AS w
    WHERE w.n % 4 = 0
) AS e;

DROP TABLE bench_week, bench_fill, bench_start, bench_course, bench_names;
