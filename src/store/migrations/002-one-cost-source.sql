-- The same bill can arrive from several sources (a CUR export, a FOCUS export, Cost Explorer, the
-- sample). Summing across them counts spend twice, so readers that total cost use this view: the
-- rows of the one preferred source present. The order matches costSourcePriority in src/app/costs.ts.
CREATE VIEW cost_line_items_one_source AS
SELECT c.*
FROM cost_line_items c
WHERE c.source = (
  SELECT source FROM (SELECT DISTINCT source FROM cost_line_items)
  ORDER BY CASE source WHEN 'cur' THEN 1 WHEN 'focus' THEN 2 WHEN 'cost-explorer' THEN 3 WHEN 'sample' THEN 4 ELSE 5 END, source
  LIMIT 1
);
