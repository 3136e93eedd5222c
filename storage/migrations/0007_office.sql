-- 0007_office: index for the office's view. Status, the workbook and the
-- consolidated report read a period's reports of every unit.
CREATE INDEX ix_office_report_period ON report(period, unit_id);
