-- The summary's aggregate written by hand, for the hearing :h with scale
-- question :scale and number questions :cost and :jobs.
\timing on
SELECT respondent_type, industry_section, size_class, area_code, stance, COUNT(id) AS n
  FROM responses WHERE hearing_id = :'h'
  GROUP BY respondent_type, industry_section, size_class, area_code, stance;
SELECT COUNT(id) FROM invitations WHERE hearing_id = :'h';
SELECT COUNT(DISTINCT i.id) FROM invitations i
  LEFT JOIN users u ON u.email = i.email AND i.organisation_id IS NULL
  JOIN responses r ON r.hearing_id = i.hearing_id
   AND r.organisation_id = COALESCE(i.organisation_id, u.organisation_id)
  WHERE i.hearing_id = :'h';
SELECT value, COUNT(*) FROM answers WHERE question_id = :'scale' GROUP BY value;
SELECT question_id, COUNT(*), SUM(x), percentile_cont(0.5) WITHIN GROUP (ORDER BY x)
  FROM (SELECT question_id, CAST(value AS double precision) AS x FROM answers
        WHERE question_id IN (:'cost', :'jobs')) a
  GROUP BY question_id;
