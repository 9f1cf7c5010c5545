-- What the lists by day and by subject filter on: the day an inspection was
-- closed (so an inspection's openness is known on any day), the petitions
-- about a subject, and the programs of an organization's bodies by year.
ALTER TABLE inspection.inspections ADD COLUMN closed_on date;
UPDATE inspection.inspections
   SET closed_on = make_date((body #>> '{closed_on,year}')::int, (body #>> '{closed_on,month}')::int,
                             (body #>> '{closed_on,day}')::int)
 WHERE body ? 'closed_on';

CREATE INDEX petitions_subject ON inspection.petitions (subject, id);
CREATE INDEX programs_organization ON inspection.programs (actor_organization_id, year, id);
